namespace MLSegmentation.Trainers.Training;

/// <summary>What a progress event reports.</summary>
public enum ProgressKind
{
    /// <summary>A training step finished.</summary>
    Step,
    /// <summary>A validation finished (<see cref="TrainingProgress.ValidationDice"/> is set).</summary>
    Validation,
    /// <summary>A checkpoint was written (<see cref="TrainingProgress.Path"/> is set).</summary>
    Checkpoint,
    /// <summary>The run ended (completed, stopped early or cancelled).</summary>
    Finished,
}

/// <summary>
/// One progress event of a run, consumed alike by a console progress bar, a log and a JSON-lines file.
/// </summary>
public sealed record TrainingProgress
{
    /// <summary>What happened.</summary>
    public required ProgressKind Kind { get; init; }

    /// <summary>Steps done so far.</summary>
    public required long Step { get; init; }

    /// <summary>Steps in the run.</summary>
    public required long TotalSteps { get; init; }

    /// <summary>The last step's loss (Step events), or the mean loss since the previous event of its kind.</summary>
    public double? Loss { get; init; }

    /// <summary>The segmenter's learning rate.</summary>
    public double? LearningRate { get; init; }

    /// <summary>Training throughput over the run so far.</summary>
    public double? ImagesPerSecond { get; init; }

    /// <summary>Estimated time to the end of the run.</summary>
    public TimeSpan? Eta { get; init; }

    /// <summary>Mean validation Dice per foreground class (index 0 is class 1), on Validation events and after.</summary>
    public IReadOnlyList<double>? ValidationDice { get; init; }

    /// <summary>The checkpoint written (Checkpoint events).</summary>
    public string? Path { get; init; }

    /// <summary>A short human-readable note (why the run ended, say).</summary>
    public string? Message { get; init; }
}
