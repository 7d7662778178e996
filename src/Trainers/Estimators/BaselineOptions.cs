using MLSegmentation.Trainers.Losses;

namespace MLSegmentation.Trainers.Estimators;

/// <summary>Options of the baseline trainer (<c>mlContext.Segmentation().Trainers.Baseline</c>): plain supervised training.</summary>
public sealed record BaselineOptions : TrainerEstimatorOptions
{
    /// <summary>The segmentation loss; default Dice + cross-entropy.</summary>
    public ISegmentationLoss? Loss { get; init; }
}
