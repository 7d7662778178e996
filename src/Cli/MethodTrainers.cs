using MLSegmentation.Trainers.Estimators;

namespace MLSegmentation.Cli;

/// <summary>
/// The training chain a <see cref="TrainSettings"/> asks for: preprocessing, augmentation and the method's trainer
/// estimator with the shared options. Used by <c>mlseg train</c> and <c>mlseg experiment</c>.
/// </summary>
internal static class MethodTrainers
{
    /// <summary>Method names the commands accept.</summary>
    public static readonly string[] Names = ["baseline", "colab", "masksup", "contrastive"];

    /// <summary>Preprocessing, then augmentation when <see cref="TrainSettings.Augment"/>, then the trainer.</summary>
    public static SegmentationPipeline Pipeline(SegmentationContext ctx, TrainSettings settings, TrainerEstimatorOptions shared)
    {
        SegmentationPipeline pipeline = Preprocess(ctx, settings);
        if (settings.Augment)
            pipeline = pipeline.Append(ctx.Transforms.RandomFlip()).Append(ctx.Transforms.RandomRotation(15)).Append(ctx.Transforms.RandomScaling());
        return pipeline.Append(Trainer(ctx, settings, shared));
    }

    /// <summary>The trainer estimator of <see cref="TrainSettings.Method"/> with its method options and <paramref name="shared"/>.</summary>
    public static SegmentationTrainerEstimator Trainer(SegmentationContext ctx, TrainSettings settings, TrainerEstimatorOptions shared) => settings.Method switch
    {
        "colab" => ctx.Trainers.CoLab(Shared(new CoLabTrainerOptions { CoLab = settings.CoLab }, shared)),
        "masksup" => ctx.Trainers.MaskSup(Shared(new MaskSupTrainerOptions { MaskSup = settings.MaskSup }, shared)),
        "contrastive" => ctx.Trainers.SemanticContrastive(Shared(new SemanticContrastiveTrainerOptions { Contrastive = settings.Contrastive }, shared)),
        "baseline" => ctx.Trainers.Baseline(Shared(new BaselineOptions(), shared)),
        _ => throw new ArgumentException($"unknown method '{settings.Method}': use {string.Join(", ", Names)}"),
    };

    // A record's `with` clones through its runtime type, so the method's own options survive.
    private static T Shared<T>(T options, TrainerEstimatorOptions shared) where T : TrainerEstimatorOptions => (T)((TrainerEstimatorOptions)options with
    {
        Network = shared.Network, Training = shared.Training, CheckpointFolder = shared.CheckpointFolder, Resume = shared.Resume,
        Workers = shared.Workers, SkipBadSamples = shared.SkipBadSamples,
    });

    private static SegmentationPipeline Preprocess(SegmentationContext ctx, TrainSettings settings)
    {
        SegmentationPipeline normalize = settings.Normalization switch
        {
            IntensityNormalization.ZScore => ctx.Transforms.NormalizeZScore(),
            IntensityNormalization.Scale => ctx.Transforms.Scale(),
            _ => ctx.Transforms.Scale(1),
        };
        return settings.Size switch
        {
            null => normalize,
            [int h, int w] => ctx.Transforms.Resize(h, w).Append(normalize),
            [int d, int h, int w] => ctx.Transforms.Resize(d, h, w).Append(normalize),
            _ => throw new ArgumentException("--size takes HxW or DxHxW"),
        };
    }
}
