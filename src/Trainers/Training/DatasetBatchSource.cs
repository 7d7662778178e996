using MLSegmentation.Transforms;

namespace MLSegmentation.Trainers.Training;

/// <summary>
/// Training batches from a dataset through a <see cref="BatchLoader"/> (background decoding and
/// augmentation, batch k a function of the seed and k): a feed is started at the first step asked for
/// and restarted only if the trainer jumps (a resume).
/// </summary>
public sealed class DatasetBatchSource(BatchLoader loader, int classes, int channels, long steps) : IBatchSource, IDisposable
{
    private BatchFeed? _feed;

    /// <inheritdoc/>
    public int Classes { get; } = classes;

    /// <inheritdoc/>
    public int Channels { get; } = channels;

    /// <inheritdoc/>
    public TrainingBatch GetBatch(long iteration, CancellationToken cancellationToken)
    {
        if (_feed is null || _feed.NextStep != iteration)
        {
            _feed?.Dispose();
            _feed = loader.Start(iteration, steps - iteration, cancellationToken);
        }
        Batch batch = _feed.Next() ?? throw new InvalidOperationException($"the batch feed ended before step {iteration}");
        return TrainingBatch.From(batch, $"batch {iteration}");
    }

    /// <summary>Stops the background workers.</summary>
    public void Dispose() => _feed?.Dispose();
}
