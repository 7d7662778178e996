using MLSegmentation.Trainers.Segmenters;

namespace MLSegmentation.Trainers.Training;

/// <summary>How a run ended, with the trained segmenter (owned by the caller).</summary>
public sealed record TrainingResult
{
    /// <summary>The segmenter after the last step (in evaluation mode); the caller disposes it.</summary>
    public required UNet Network { get; init; }

    /// <summary>Steps done, counting those before a resume.</summary>
    public required long StepsDone { get; init; }

    /// <summary>True when the run was cancelled before its last step (a checkpoint was written).</summary>
    public bool Cancelled { get; init; }

    /// <summary>True when early stopping ended the run.</summary>
    public bool StoppedEarly { get; init; }

    /// <summary>Mean validation Dice per foreground class at the last validation, if any.</summary>
    public IReadOnlyList<double>? ValidationDice { get; init; }

    /// <summary>The best mean validation Dice seen (the score of <c>best.mlseg</c>).</summary>
    public double? BestScore { get; init; }

    /// <summary>Each step's loss in this session (not those before a resume).</summary>
    public required IReadOnlyList<double> Losses { get; init; }
}
