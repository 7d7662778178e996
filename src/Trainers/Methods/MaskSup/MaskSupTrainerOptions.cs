using MLSegmentation.Trainers.Methods;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Trainers.Estimators;

/// <summary>
/// Options of the MaskSup trainer of the estimator API (<see cref="MaskSupCatalog"/>): the shared options and MaskSup's own;
/// the training starts from <see cref="MethodPreset.MaskSup"/> (Adam 1e-4 with AMSGrad, weight decay 1e-5).
/// </summary>
public sealed record MaskSupTrainerOptions : TrainerEstimatorOptions
{
    /// <summary>The shared defaults with MaskSup's preset.</summary>
    public MaskSupTrainerOptions()
    {
        Training = MethodPreset.MaskSup.ApplyTo(Training);
        Network = MethodPreset.MaskSup.ApplyTo(Network);
    }

    /// <summary>MaskSup's loss weights, masks and form; the paper's defaults (multi-class; <see cref="MaskSupMode.Binary"/> trains one logit for a two-class task, α = β = γ = 1, coverage 0.4–0.6, fill 0).</summary>
    public MaskSupOptions MaskSup { get; init; } = new();
}
