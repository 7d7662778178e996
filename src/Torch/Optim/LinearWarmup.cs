namespace MLSegmentation.Torch.Optim;

/// <summary>
/// A linear warm-up before another schedule: for e &lt; W, lr = base · (f + (1 − f)·e/W) with start factor f;
/// from then on the wrapped schedule's rate at e − W. Call <see cref="LRScheduler.step"/> on the warm-up only
/// (it drives the wrapped schedule's formula); save and restore the warm-up's state.
/// </summary>
public sealed class LinearWarmup : LRScheduler
{
    /// <summary>Creates the warm-up around <paramref name="after"/> (a schedule of the same optimizer) and sets epoch 0's rates.</summary>
    public LinearWarmup(Optimizer optimizer, long warmup_iters, LRScheduler after, double start_factor = 0.001) : base(optimizer)
    {
        ArgumentNullException.ThrowIfNull(after);
        if (!ReferenceEquals(after.optimizer, optimizer)) throw new ArgumentException("the wrapped schedule must drive the same optimizer", nameof(after));
        ArgumentOutOfRangeException.ThrowIfNegative(warmup_iters);
        if (start_factor is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(start_factor), start_factor, "the start factor must be in (0, 1]");
        this.warmup_iters = warmup_iters;
        this.after = after;
        this.start_factor = start_factor;
        Apply();
    }

    /// <summary>W: the number of warm-up steps.</summary>
    public long warmup_iters { get; }
    /// <summary>The schedule that follows the warm-up.</summary>
    public LRScheduler after { get; }
    /// <summary>f: the fraction of the base rate at step 0.</summary>
    public double start_factor { get; }

    /// <inheritdoc/>
    public override double LrAt(double baseLr, long epoch) =>
        epoch < warmup_iters
            ? baseLr * (start_factor + (1 - start_factor) * epoch / warmup_iters)
            : after.LrAt(baseLr, epoch - warmup_iters);
}
