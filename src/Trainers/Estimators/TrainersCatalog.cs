using MLSegmentation.Trainers.Losses;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Trainers.Estimators;

/// <summary>
/// The trainers, as <c>ctx.Trainers</c>: each method with a simple overload and an options overload, as
/// ML.NET's catalogs. All share <see cref="TrainerEstimatorOptions"/> and the one training loop.
/// </summary>
public sealed class TrainersCatalog
{
    internal TrainersCatalog(SegmentationContext context) => Context = context;

    /// <summary>The context the trainers belong to (its seed is the default seed of their runs).</summary>
    public SegmentationContext Context { get; }

    /// <summary>Plain supervised training with Dice + cross-entropy for <paramref name="steps"/> steps.</summary>
    public SegmentationTrainerEstimator Baseline(int steps = 1000, double learningRate = 1e-3, int batchSize = 8) =>
        Baseline(new BaselineOptions { Training = new TrainerOptions { Steps = steps, LearningRate = learningRate, BatchSize = batchSize, Seed = Context.Seed } });

    /// <summary>Plain supervised training with every option.</summary>
    public SegmentationTrainerEstimator Baseline(BaselineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SegmentationTrainerEstimator(Context, "baseline", () => new BaselineMethod(options.Loss), options);
    }
}

/// <summary>Options of the baseline trainer.</summary>
public sealed record BaselineOptions : TrainerEstimatorOptions
{
    /// <summary>The segmentation loss; default Dice + cross-entropy.</summary>
    public ISegmentationLoss? Loss { get; init; }
}
