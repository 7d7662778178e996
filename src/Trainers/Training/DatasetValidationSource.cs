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
            using (batch)
            {
                if (batch.Labels is null) throw new InvalidOperationException($"validation samples without labels: {string.Join(", ", batch.Samples)}");
                yield return new TrainingBatch(batch.Images.alias().DetachFromDisposeScope(), batch.Labels.alias().DetachFromDisposeScope(), batch.Plan.SampleIndices);
            }
        }
    }
}
