namespace MLSegmentation.Trainers.Training;

/// <summary>
/// Training batches as a pure function of the step: batch k of a run is the same whenever it is asked
/// for, which is what lets a resumed run continue exactly. Implementations may prefetch ahead of the
/// last step asked for.
/// </summary>
public interface IBatchSource
{
    /// <summary>Number of classes, background included.</summary>
    int Classes { get; }

    /// <summary>Input channels of the images.</summary>
    int Channels { get; }

    /// <summary>The batch of step <paramref name="iteration"/> (0-based); the caller owns it.</summary>
    TrainingBatch GetBatch(long iteration, CancellationToken cancellationToken);
}
