using MLSegmentation.Trainers.Methods;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Trainers.Estimators;

/// <summary>
/// Options of <c>mlContext.Segmentation().Trainers.CoLab(...)</c>: what every trainer takes plus CoLab's own knobs; the
/// training and network start from <see cref="MethodPreset.CoLab"/> (SGD 1e-2, momentum 0.99, Nesterov, InstanceNorm).
/// </summary>
public sealed record CoLabTrainerOptions : TrainerEstimatorOptions
{
    /// <summary>The shared defaults with CoLab's preset.</summary>
    public CoLabTrainerOptions()
    {
        Training = MethodPreset.CoLab.ApplyTo(Training);
        Network = MethodPreset.CoLab.ApplyTo(Network);
    }

    /// <summary>CoLab's knobs (context classes, τ_sub, τ_dev, meta-step interval, generator learning rate, meta-gradient mode, deep supervision).</summary>
    public CoLabOptions CoLab { get; init; } = new();
}
