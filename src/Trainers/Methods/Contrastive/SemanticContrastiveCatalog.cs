using MLSegmentation.Trainers.Methods;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Trainers.Estimators;

/// <summary>
/// <c>ctx.Trainers.SemanticContrastive(...)</c>: semantic-aware contrastive learning as a trainer of the estimator API,
/// with a simple overload and an options overload. An estimator is one run of the training loop, so it offers
/// <see cref="ContrastiveSchedule.Joint"/> (L_seg + λ·L_SupCon) and stage 2 of
/// <see cref="ContrastiveSchedule.PretrainThenFinetune"/> from an encoder checkpoint of stage 1
/// (<see cref="SemanticContrastiveTrainer.Pretrain"/>, which also runs both stages in one call). The trained model is
/// an ordinary segmenter (no projection head), so it transforms, saves and exports like the baseline's.
/// </summary>
public static class SemanticContrastiveCatalog
{
    /// <summary>
    /// Joint training with λ = <paramref name="lambda"/> for <paramref name="steps"/> steps or, with an
    /// <paramref name="encoderPath"/> from stage 1, fine-tuning from that encoder; seed from the context.
    /// </summary>
    public static SegmentationTrainerEstimator SemanticContrastive(this TrainersCatalog catalog, int steps = 1000, double learningRate = 1e-3, int batchSize = 8,
        double lambda = 0.1, string? encoderPath = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.SemanticContrastive(new SemanticContrastiveTrainerOptions
        {
            Training = new TrainerOptions { Steps = steps, LearningRate = learningRate, BatchSize = batchSize, Seed = catalog.Context.Seed },
            Contrastive = new SemanticContrastiveOptions
            {
                Schedule = encoderPath is null ? ContrastiveSchedule.Joint : ContrastiveSchedule.PretrainThenFinetune, Lambda = lambda,
            },
            EncoderPath = encoderPath,
        });
    }

    /// <summary>Semantic-aware contrastive learning with every option.</summary>
    /// <exception cref="NotSupportedException">PretrainThenFinetune without <see cref="SemanticContrastiveTrainerOptions.EncoderPath"/>.</exception>
    public static SegmentationTrainerEstimator SemanticContrastive(this TrainersCatalog catalog, SemanticContrastiveTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        SemanticContrastiveOptions method = options.Contrastive;
        method.Validate();
        if (method.Schedule == ContrastiveSchedule.Joint)
            return new SegmentationTrainerEstimator(catalog.Context, "semantic-contrastive-joint", () => new SemanticContrastiveJointMethod(method), options);
        string encoder = options.EncoderPath ?? throw new NotSupportedException(
            "the estimator runs one stage: pretrain the encoder with SemanticContrastiveTrainer.Pretrain (or run both stages with SemanticContrastiveTrainer.Fit) and pass its checkpoint as EncoderPath");
        return new SegmentationTrainerEstimator(catalog.Context, "semantic-contrastive-finetune",
            () => new PretrainedEncoderMethod(new BaselineMethod(), encoder, method.FreezeEncoder), options);
    }
}
