using MLSegmentation.Transforms;

namespace MLSegmentation.Trainers.Training;

/// <summary>Validation batches from a dataset in its own order, without augmentation (preprocessing only).</summary>
public sealed class DatasetValidationSource(BatchLoader loader) : IValidationSource
{
    /// <inheritdoc/>
    public IEnumerable<TrainingBatch> Batches(CancellationToken cancellationToken)
    {
        using BatchFeed feed = loader.Start(0, loader.StepsPerEpoch, cancellationToken);
        while (feed.Next() is Batch batch)
        {
            yield return TrainingBatch.From(batch, "validation");
        }
    }
}
