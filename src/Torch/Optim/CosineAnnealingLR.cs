namespace MLSegmentation.Torch.Optim;

/// <summary>
/// Cosine annealing: lr = η_min + (base − η_min)·(1 + cos(π·e / T_max))/2, PyTorch's <c>CosineAnnealingLR</c>
/// in closed form (it continues as a cosine after T_max, as PyTorch's does).
/// </summary>
public sealed class CosineAnnealingLR : LRScheduler
{
    /// <summary>Creates the schedule and sets epoch 0's rates.</summary>
    public CosineAnnealingLR(Optimizer optimizer, long T_max, double eta_min = 0) : base(optimizer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(T_max, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(eta_min);
        this.T_max = T_max;
        this.eta_min = eta_min;
        Apply();
    }

    /// <summary>Steps from the base rate to the minimum.</summary>
    public long T_max { get; }
    /// <summary>The minimum rate.</summary>
    public double eta_min { get; }

    /// <inheritdoc/>
    public override double LrAt(double baseLr, long epoch) =>
        eta_min + (baseLr - eta_min) * (1 + Math.Cos(Math.PI * epoch / T_max)) / 2;
}
