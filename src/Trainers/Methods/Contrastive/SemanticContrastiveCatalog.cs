using MLSegmentation.Onnx;
using MLSegmentation.Trainers.Methods;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Trainers.Estimators;

/// <summary>
/// <c>mlContext.Segmentation().Trainers.SemanticContrastive(...)</c>: semantic-aware contrastive learning as an ML.NET
/// estimator, with a simple overload and an options overload: <see cref="ContrastiveSchedule.PretrainThenFinetune"/> (the
/// default: stage 1 with <see cref="MethodPreset.ContrastivePretraining"/>, then stage 2, within <c>Training.Steps</c>; or
/// stage 2 alone from an encoder checkpoint of stage 1, <see cref="SemanticContrastiveTrainerOptions.EncoderPath"/>) or
/// <see cref="ContrastiveSchedule.Joint"/> (L_seg + λ·L_SupCon). The trained model is an ordinary segmenter (no
/// projection head), so it transforms, saves and exports like the baseline's.
/// </summary>
public static class SemanticContrastiveCatalog
{
    /// <summary>
    /// Both stages (stage 1 taking <see cref="SemanticContrastiveOptions.DefaultPretrainSteps"/> of <paramref name="steps"/>),
    /// fine-tuning from the encoder at <paramref name="encoderPath"/>, or joint training with λ = <paramref name="lambda"/>,
    /// for <paramref name="steps"/> steps in all, as an ML.NET estimator; seed from the <c>MLContext</c>.
    /// </summary>
    public static SegmentationEstimator SemanticContrastive(this SegmentationTrainers catalog, string labelColumnName = SegmentationColumnNames.Label,
        string imageColumnName = SegmentationColumnNames.Image, int steps = 1000, double learningRate = 1e-3, int batchSize = 8,
        double lambda = 0.1, string? encoderPath = null, ContrastiveSchedule schedule = ContrastiveSchedule.PretrainThenFinetune)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.SemanticContrastive(new SemanticContrastiveTrainerOptions
        {
            LabelColumnName = labelColumnName, ImageColumnName = imageColumnName,
            Training = new TrainerOptions { Steps = steps, LearningRate = learningRate, BatchSize = batchSize },
            Contrastive = new SemanticContrastiveOptions { Schedule = schedule, Lambda = lambda },
            EncoderPath = encoderPath,
        });
    }

    /// <summary>
    /// Semantic-aware contrastive learning with every option, as an ML.NET estimator. The shared
    /// <see cref="TrainerEstimatorOptions.PretrainedEncoder"/> starts joint training from an encoder; the two stages take theirs
    /// from stage 1 or <see cref="SemanticContrastiveTrainerOptions.EncoderPath"/>.
    /// </summary>
    /// <exception cref="ArgumentException">An option is out of range, or <see cref="TrainerEstimatorOptions.PretrainedEncoder"/> is given with <see cref="ContrastiveSchedule.PretrainThenFinetune"/>.</exception>
    public static SegmentationEstimator SemanticContrastive(this SegmentationTrainers catalog, SemanticContrastiveTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        SemanticContrastiveOptions method = options.Contrastive;
        method.Validate();
        if (method.Schedule == ContrastiveSchedule.Joint)
            return new SegmentationEstimator(catalog.MLContext, "semantic-contrastive-joint", () => new SemanticContrastiveJointMethod(method), options);
        if (options.PretrainedEncoder is not null)
        {
            throw new ArgumentException("PretrainedEncoder: PretrainThenFinetune pretrains its own encoder; give a stage-1 encoder as EncoderPath to run stage 2 alone, "
                + "or train joint (ContrastiveSchedule.Joint) from it", nameof(options));
        }
        if (options.EncoderPath is string encoder)
        {
            return new SegmentationEstimator(catalog.MLContext, "semantic-contrastive-finetune",
                () => new PretrainedEncoderMethod(new BaselineMethod(), encoder, method.FreezeEncoder), options);
        }
        // Stage 2 trains the baseline's loss, which describes the final segmenter's outputs.
        return new SegmentationEstimator(catalog.MLContext, "semantic-contrastive", () => new BaselineMethod(), options,
            (training, device) => new SemanticContrastiveTrainer(method, options.Network, training) { Device = device });
    }
}
