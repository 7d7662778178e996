namespace MLSegmentation.Trainers.Training;

/// <summary>Labelled batches to validate on, the same every time they are enumerated.</summary>
public interface IValidationSource
{
    /// <summary>The batches in a fixed order; the caller disposes each.</summary>
    IEnumerable<TrainingBatch> Batches(CancellationToken cancellationToken);
}
