using MLSegmentation.Networks;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Trainers.Estimators;

/// <summary>What every trainer of the catalog takes besides its method's own options.</summary>
public record TrainerEstimatorOptions
{
    /// <summary>The segmenter's shape (its input channels and classes come from the data); default a small U-Net (depth 3, base width 16).</summary>
    public UNetOptions Network { get; init; } = new() { Depth = 3, BaseWidth = 16 };

    /// <summary>Budget, optimizer, schedule, precision, validation and checkpoints.</summary>
    public TrainerOptions Training { get; init; } = new();

    /// <summary>A folder for checkpoints (<c>last.mlseg</c>, <c>best.mlseg</c>); null keeps none.</summary>
    public string? CheckpointFolder { get; init; }

    /// <summary>Continue from <see cref="CheckpointFolder"/>'s last checkpoint.</summary>
    public bool Resume { get; init; }

    /// <summary>Background threads decoding and augmenting; default the core count.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>Skip unreadable samples (reported through the context's log) instead of failing.</summary>
    public bool SkipBadSamples { get; init; }
}
