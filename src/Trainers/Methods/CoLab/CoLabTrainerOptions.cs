using MLSegmentation.Trainers.Methods;

namespace MLSegmentation.Trainers.Estimators;

/// <summary>Options of <c>mlContext.Segmentation().Trainers.CoLab(...)</c>: what every trainer takes plus CoLab's own knobs.</summary>
public sealed record CoLabTrainerOptions : TrainerEstimatorOptions
{
    /// <summary>CoLab's knobs (context classes, τ_sub, τ_dev, meta-step interval, generator learning rate, meta-gradient mode, deep supervision).</summary>
    public CoLabOptions CoLab { get; init; } = new();
}
