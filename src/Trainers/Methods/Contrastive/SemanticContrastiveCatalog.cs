using MLSegmentation.Onnx;
using MLSegmentation.Trainers.Methods;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Trainers.Estimators;

/// <summary>
/// <c>mlContext.Segmentation().Trainers.SemanticContrastive(...)</c>: semantic-aware contrastive learning as an ML.NET
/// estimator, with a simple overload and an options overload. An estimator is one run of the training loop, so it offers
/// <see cref="ContrastiveSchedule.Joint"/> (L_seg + λ·L_SupCon) and stage 2 of
/// <see cref="ContrastiveSchedule.PretrainThenFinetune"/> from an encoder checkpoint of stage 1
/// (<see cref="SemanticContrastiveTrainer.Pretrain"/>, which also runs both stages in one call). The trained model is
/// an ordinary segmenter (no projection head), so it transforms, saves and exports like the baseline's.
/// </summary>
public static class SemanticContrastiveCatalog
{
    /// <summary>
    /// Joint training with λ = <paramref name="lambda"/> for <paramref name="steps"/> steps or, with an
    /// <paramref name="encoderPath"/> from stage 1, fine-tuning from that encoder, as an ML.NET estimator; seed from the <c>MLContext</c>.
    /// </summary>
    public static SegmentationEstimator SemanticContrastive(this SegmentationTrainers catalog, string labelColumnName = SegmentationColumnNames.Label,
        string imageColumnName = SegmentationColumnNames.Image, int steps = 1000, double learningRate = 1e-3, int batchSize = 8,
        double lambda = 0.1, string? encoderPath = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.SemanticContrastive(new SemanticContrastiveTrainerOptions
        {
            LabelColumnName = labelColumnName, ImageColumnName = imageColumnName,
            Training = new TrainerOptions { Steps = steps, LearningRate = learningRate, BatchSize = batchSize },
            Contrastive = new SemanticContrastiveOptions
            {
                Schedule = encoderPath is null ? ContrastiveSchedule.Joint : ContrastiveSchedule.PretrainThenFinetune, Lambda = lambda,
            },
            EncoderPath = encoderPath,
        });
    }

    /// <summary>Semantic-aware contrastive learning with every option, as an ML.NET estimator.</summary>
    /// <exception cref="NotSupportedException">PretrainThenFinetune without <see cref="SemanticContrastiveTrainerOptions.EncoderPath"/>.</exception>
    public static SegmentationEstimator SemanticContrastive(this SegmentationTrainers catalog, SemanticContrastiveTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        var (name, method) = Method(options);
        return new SegmentationEstimator(catalog.MLContext, name, method, options);
    }

    private static (string Name, Func<TrainingMethod> Create) Method(SemanticContrastiveTrainerOptions options)
    {
        SemanticContrastiveOptions method = options.Contrastive;
        method.Validate();
        if (method.Schedule == ContrastiveSchedule.Joint)
            return ("semantic-contrastive-joint", () => new SemanticContrastiveJointMethod(method));
        string encoder = options.EncoderPath ?? throw new NotSupportedException(
            "the estimator runs one stage: pretrain the encoder with SemanticContrastiveTrainer.Pretrain (or run both stages with SemanticContrastiveTrainer.Fit) and pass its checkpoint as EncoderPath");
        return ("semantic-contrastive-finetune", () => new PretrainedEncoderMethod(new BaselineMethod(), encoder, method.FreezeEncoder));
    }
}
