namespace MLSegmentation.Transforms;

/// <summary>Options of a <see cref="BatchLoader"/>.</summary>
public sealed record BatchLoaderOptions
{
    /// <summary>Samples per batch. Default 8.</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>The run's seed: with the epoch it fixes the sample order; augmentation has its own seed in its pipeline.</summary>
    public long Seed { get; init; }

    /// <summary>Shuffle the samples each epoch (a permutation drawn from (seed, epoch)). Default true.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Drop the last, incomplete batch of each epoch so every batch has <see cref="BatchSize"/> samples. Default true.</summary>
    public bool DropLast { get; init; } = true;

    /// <summary>Background worker threads that decode and augment. Default <see cref="Environment.ProcessorCount"/>.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Batches prepared ahead of the consumer at most (in progress or ready), which bounds memory to
    /// about this many batches. Default twice the worker count.
    /// </summary>
    public int Prefetch { get; init; }

    /// <summary>
    /// When a sample fails to load (corrupt file, size mismatch, stray mask value), use the next sample
    /// of the dataset that loads instead and report the skipped file through <see cref="SampleSkipped"/>
    /// (once per file); otherwise the error reaches the consumer. Default false.
    /// </summary>
    public bool SkipBadSamples { get; init; }

    /// <summary>Called (on a worker thread, once per file) for each sample skipped; must be thread-safe.</summary>
    public Action<SkippedSample>? SampleSkipped { get; init; }

    /// <summary>The prefetch depth in effect.</summary>
    internal int EffectivePrefetch => Prefetch > 0 ? Prefetch : 2 * Math.Max(1, Workers);

    /// <summary>Throws <see cref="ArgumentException"/> for inconsistent values.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(Workers, 1, nameof(Workers));
        ArgumentOutOfRangeException.ThrowIfNegative(Prefetch, nameof(Prefetch));
    }
}
