using MLSegmentation.Trainers.Methods;

namespace MLSegmentation.Trainers.Estimators;

/// <summary>
/// Options of the semantic-aware contrastive trainer of the estimator API (<see cref="SemanticContrastiveCatalog"/>):
/// the shared options, the method's own, and for <see cref="ContrastiveSchedule.PretrainThenFinetune"/> the
/// stage-1 encoder checkpoint that this run (stage 2) starts from.
/// </summary>
public sealed record SemanticContrastiveTrainerOptions : TrainerEstimatorOptions
{
    /// <summary>The method's options; default the paper's, with <see cref="ContrastiveSchedule.Joint"/> for the estimator (one run).</summary>
    public SemanticContrastiveOptions Contrastive { get; init; } = new() { Schedule = ContrastiveSchedule.Joint };

    /// <summary>
    /// For <see cref="ContrastiveSchedule.PretrainThenFinetune"/>: an encoder checkpoint written by stage 1
    /// (<see cref="SemanticContrastiveTrainer.Pretrain"/>); this run is stage 2 with <c>Training.Steps</c> steps.
    /// </summary>
    public string? EncoderPath { get; init; }
}
