using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLSegmentation.Trainers.Estimators;
using MLSegmentation.Trainers.Losses;
using MLSegmentation.Trainers.Methods;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;

namespace MLSegmentation.Cli;

/// <summary>The trainer of <c>--method</c>, from <c>mlContext.Segmentation().Trainers</c>, with the CLI's preprocessing and augmentation.</summary>
internal static class MethodTrainers
{
    public static readonly string[] Names = ["baseline", "colab", "masksup", "colab+masksup", "contrastive"];

    /// <summary>
    /// The optimizer, schedule and normalisation <paramref name="method"/> trains with unless the command line says
    /// otherwise: its paper's (the presets of the ML.NET trainers' options); colab+masksup uses CoLab's, contrastive's stage 2 and
    /// joint training the baseline's.
    /// </summary>
    public static MethodPreset Preset(string method) => method switch
    {
        "colab" or "colab+masksup" => MethodPreset.CoLab,
        "masksup" => MethodPreset.MaskSup,
        _ => MethodPreset.Baseline,
    };

    /// <summary>
    /// The supervised loss <paramref name="method"/> trains with unless <c>--loss</c> says otherwise: MaskSup's paper's
    /// cross-entropy for masksup, Dice + cross-entropy for the rest (CoLab's L_train and the contrastive segmenter have no other).
    /// </summary>
    public static SupervisedLoss Loss(string method) => method == "masksup" ? SupervisedLoss.CrossEntropy : SupervisedLoss.DiceCrossEntropy;

    /// <summary>The supervised loss of <paramref name="settings"/>: <see cref="TrainSettings.Loss"/>, or its method's when not recorded.</summary>
    public static SupervisedLoss Loss(TrainSettings settings) => settings.Loss ?? Loss(settings.Method);

    /// <summary>Each method's preset, for <c>--method</c>'s help.</summary>
    public static string PresetsHelp => string.Join("; ", Names.Select(name => name switch
    {
        "contrastive" => $"contrastive: {Preset(name)}, {Loss(name)} loss, with stage 1 of PretrainThenFinetune on {MethodPreset.ContrastivePretraining.OptimizerSummary}",
        "colab+masksup" => $"colab+masksup: CoLab's preset ({Preset(name)}, {Loss(name)} loss)",
        _ => $"{name}: {Preset(name)}, {Loss(name)} loss",
    }));

    /// <summary>
    /// The estimator of <see cref="TrainSettings.Method"/> with <paramref name="shared"/>'s network, training, checkpoint and
    /// data options, the settings' preprocessing, augmentation, seed and device, and <paramref name="progress"/> called on
    /// the training thread; the context's warnings go to standard error.
    /// </summary>
    public static SegmentationEstimator Trainer(TrainSettings settings, TrainerEstimatorOptions shared, Action<TrainingProgress> progress, CancellationToken cancellationToken)
    {
        var mlContext = new MLContext();
        mlContext.Log += (_, e) => { if (e.Kind == ChannelMessageKind.Warning) Console.Error.WriteLine($"warning: {e.RawMessage}"); };
        TrainerEstimatorOptions common = shared with
        {
            Preprocessing = Preprocessing(settings),
            Augmentations = settings.Augment ? [new RandomFlip(0, 0.5), new RandomRotation(15), new RandomScaling(0.85, 1.15)] : [],
            Seed = settings.Training.Seed,
            Device = settings.Device,
            Progress = new ProgressCallback<TrainingProgress>(progress),
            CancellationToken = cancellationToken,
            PretrainedEncoder = settings.PretrainedEncoder,
            FreezeEncoder = settings.FreezeEncoder,
        };
        SupervisedLoss loss = Loss(settings);
        if (loss != Loss(settings.Method) && settings.Method is not ("baseline" or "masksup"))
            throw new ArgumentException($"--loss {loss}: {settings.Method} trains with Dice + cross-entropy; --loss applies to baseline and masksup");
        SegmentationTrainers trainers = mlContext.Segmentation().Trainers;
        return settings.Method switch
        {
            "colab" => trainers.CoLab(Shared(new CoLabTrainerOptions { CoLab = settings.CoLab }, common)),
            "masksup" => trainers.MaskSup(Shared(new MaskSupTrainerOptions
            {
                MaskSup = settings.MaskSup with { SegmentationLoss = loss == SupervisedLoss.CrossEntropy ? null : new DiceCrossEntropyLoss() },
            }, common)),
            "colab+masksup" => trainers.CoLabMaskSup(Shared(new CoLabMaskSupTrainerOptions { CoLab = settings.CoLab, MaskSup = settings.MaskSup }, common)),
            "contrastive" => trainers.SemanticContrastive(Shared(new SemanticContrastiveTrainerOptions { Contrastive = settings.Contrastive }, common)),
            "baseline" => trainers.Baseline(Shared(new BaselineOptions
            {
                Loss = loss == SupervisedLoss.CrossEntropy ? new CrossEntropyLoss() : new DiceCrossEntropyLoss(),
            }, common)),
            _ => throw new ArgumentException($"unknown method '{settings.Method}': use {string.Join(", ", Names)}"),
        };
    }

    // A record's `with` clones through its runtime type, so the method's own options survive.
    private static T Shared<T>(T options, TrainerEstimatorOptions shared) where T : TrainerEstimatorOptions => (T)((TrainerEstimatorOptions)options with
    {
        Network = shared.Network, Training = shared.Training, CheckpointFolder = shared.CheckpointFolder, Resume = shared.Resume,
        Workers = shared.Workers, SkipBadSamples = shared.SkipBadSamples, Preprocessing = shared.Preprocessing, Augmentations = shared.Augmentations,
        Seed = shared.Seed, Device = shared.Device, Progress = shared.Progress, CancellationToken = shared.CancellationToken,
        PretrainedEncoder = shared.PretrainedEncoder, FreezeEncoder = shared.FreezeEncoder,
    });

    private static Preprocessing Preprocessing(TrainSettings settings)
    {
        Preprocessing normalization = settings.Normalization switch
        {
            IntensityNormalization.ZScore => new Preprocessing { Normalization = IntensityNormalization.ZScore },
            IntensityNormalization.Scale => new Preprocessing { Normalization = IntensityNormalization.Scale, ScaleFactor = 1 / 255.0 },
            _ => new Preprocessing { Normalization = IntensityNormalization.Scale, ScaleFactor = 1 },
        };
        return settings.Size switch
        {
            null => normalization,
            [_, _] or [_, _, _] => normalization with { Size = settings.Size },
            _ => throw new ArgumentException("--size takes HxW or DxHxW"),
        };
    }

}
