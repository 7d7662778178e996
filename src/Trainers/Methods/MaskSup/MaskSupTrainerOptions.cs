using MLSegmentation.Trainers.Methods;

namespace MLSegmentation.Trainers.Estimators;

/// <summary>Options of the MaskSup trainer of the estimator API (<see cref="MaskSupCatalog"/>): the shared options and MaskSup's own.</summary>
public sealed record MaskSupTrainerOptions : TrainerEstimatorOptions
{
    /// <summary>MaskSup's loss weights, masks and form; the paper's defaults (multi-class, α = β = γ = 1, coverage 0.4–0.6, fill 0).</summary>
    public MaskSupOptions MaskSup { get; init; } = new();
}
