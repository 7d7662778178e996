namespace MLSegmentation.Torch.Optim;

/// <summary>Step decay: lr = base · γ^⌊e / step_size⌋, as PyTorch's <c>StepLR</c>.</summary>
public sealed class StepLR : LRScheduler
{
    /// <summary>Creates the schedule and sets epoch 0's rates.</summary>
    public StepLR(Optimizer optimizer, long step_size, double gamma = 0.1) : base(optimizer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(step_size, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(gamma);
        this.step_size = step_size;
        this.gamma = gamma;
        Apply();
    }

    /// <summary>Steps between decays.</summary>
    public long step_size { get; }
    /// <summary>The decay factor.</summary>
    public double gamma { get; }

    /// <inheritdoc/>
    public override double LrAt(double baseLr, long epoch) => baseLr * Math.Pow(gamma, epoch / step_size);
}
