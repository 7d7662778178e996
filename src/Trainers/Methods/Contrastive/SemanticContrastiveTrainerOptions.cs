using MLSegmentation.Trainers.Methods;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Trainers.Estimators;

/// <summary>
/// Options of the semantic-aware contrastive trainer of the estimator API (<see cref="SemanticContrastiveCatalog"/>):
/// the shared options (<see cref="TrainerEstimatorOptions.Training"/> is stage 2's, or the joint run's), the method's own
/// (stage 1's optimizer among them, <see cref="MethodPreset.ContrastivePretraining"/>), and optionally a stage-1
/// encoder checkpoint to fine-tune from instead of running stage 1.
/// </summary>
public sealed record SemanticContrastiveTrainerOptions : TrainerEstimatorOptions
{
    /// <summary>The method's options; default the paper's (<see cref="ContrastiveSchedule.PretrainThenFinetune"/>).</summary>
    public SemanticContrastiveOptions Contrastive { get; init; } = new();

    /// <summary>
    /// For <see cref="ContrastiveSchedule.PretrainThenFinetune"/>: an encoder checkpoint written by stage 1
    /// (<see cref="SemanticContrastiveTrainer.Pretrain"/>); this run is then stage 2 alone with <c>Training.Steps</c> steps.
    /// Null (the default) runs both stages within <c>Training.Steps</c>.
    /// </summary>
    public string? EncoderPath { get; init; }
}
