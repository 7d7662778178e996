namespace MLSegmentation.Torch.Optim;

/// <summary>
/// Polynomial decay, common in segmentation: lr = base · (1 − min(e, E)/E)^power, reaching 0 after
/// <see cref="total_iters"/> steps (power 0.9 by default, as DeepLab and nnU-Net use).
/// </summary>
public sealed class PolyLR : LRScheduler
{
    /// <summary>Creates the schedule and sets epoch 0's rates.</summary>
    public PolyLR(Optimizer optimizer, long total_iters, double power = 0.9) : base(optimizer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(total_iters, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(power);
        this.total_iters = total_iters;
        this.power = power;
        Apply();
    }

    /// <summary>E: the number of steps over which the rate decays to 0.</summary>
    public long total_iters { get; }
    /// <summary>The exponent.</summary>
    public double power { get; }

    /// <inheritdoc/>
    public override double LrAt(double baseLr, long epoch) =>
        baseLr * Math.Pow(1.0 - (double)Math.Min(epoch, total_iters) / total_iters, power);
}
