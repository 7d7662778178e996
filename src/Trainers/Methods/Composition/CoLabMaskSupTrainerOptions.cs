using MLSegmentation.Trainers.Methods;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Trainers.Estimators;

/// <summary>
/// Options of <c>mlContext.Segmentation().Trainers.CoLabMaskSup(...)</c> (<see cref="CoLabMaskSupMethod"/>): what every
/// trainer takes plus the knobs of both methods; the training and network start from CoLab's preset
/// (<see cref="MethodPreset.CoLab"/>: SGD 1e-2, momentum 0.99, Nesterov, InstanceNorm), as the composition's outputs and
/// meta step are CoLab's.
/// </summary>
public sealed record CoLabMaskSupTrainerOptions : TrainerEstimatorOptions
{
    /// <summary>The shared defaults with CoLab's preset.</summary>
    public CoLabMaskSupTrainerOptions()
    {
        Training = MethodPreset.CoLab.ApplyTo(Training);
        Network = MethodPreset.CoLab.ApplyTo(Network);
    }

    /// <summary>CoLab's knobs (context classes, τ_sub, τ_dev, meta-step interval, generator learning rate, meta-gradient mode, deep supervision, merge).</summary>
    public CoLabOptions CoLab { get; init; } = new();

    /// <summary>MaskSup's loss weights and masks; multi-class mode and no <see cref="MaskSupOptions.SegmentationLoss"/> (CoLab's L_train supervises both branches).</summary>
    public MaskSupOptions MaskSup { get; init; } = new();
}
