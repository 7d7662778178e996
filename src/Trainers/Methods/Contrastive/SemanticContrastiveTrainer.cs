using MLSegmentation.Networks;
using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Trainers.Methods;

/// <summary>
/// Semantic-aware contrastive learning (Lee et al., IEEE JBHI 2023; METHODS.md §2) run on the one training
/// loop. <see cref="ContrastiveSchedule.PretrainThenFinetune"/> is two runs of <see cref="SegmentationTrainer"/>:
/// stage 1 (<see cref="ContrastivePretrainingMethod"/>, <see cref="SemanticContrastiveOptions.PretrainSteps"/>
/// steps with <see cref="PretrainingOptions"/>) writes an encoder checkpoint, stage 2
/// (<see cref="PretrainedEncoderMethod"/> around <see cref="BaselineMethod"/>, the remaining
/// <c>Steps − PretrainSteps</c> steps with the run's options) trains the segmenter from it, so the total
/// budget is the run's <see cref="TrainerOptions.Steps"/>. <see cref="ContrastiveSchedule.Joint"/> is one run of
/// <see cref="SemanticContrastiveJointMethod"/>. Either way the result is an ordinary segmenter.
/// </summary>
/// <param name="method">The method's options.</param>
/// <param name="network">The segmenter's configuration (input channels and classes come from the data).</param>
/// <param name="options">The run's options; <see cref="TrainerOptions.Steps"/> is the total budget.</param>
public sealed class SemanticContrastiveTrainer(SemanticContrastiveOptions method, UNetOptions network, TrainerOptions options) : ITrainingLoop
{
    /// <summary>File name of the stage-1 encoder checkpoint in the checkpoint folder.</summary>
    public const string EncoderName = "encoder.mlseg";

    /// <summary>Subfolder of stage 1's run checkpoints.</summary>
    public const string PretrainFolder = "pretrain";

    /// <summary>Subfolder of stage 2's run checkpoints.</summary>
    public const string FinetuneFolder = "finetune";

    /// <summary>The simple form: default method options with the given schedule (and stage-1 length).</summary>
    public SemanticContrastiveTrainer(UNetOptions network, TrainerOptions options, ContrastiveSchedule schedule = ContrastiveSchedule.PretrainThenFinetune, int? pretrainSteps = null)
        : this(new SemanticContrastiveOptions { Schedule = schedule, PretrainSteps = pretrainSteps }, network, options)
    {
    }

    /// <summary>Raised for every step, validation and checkpoint of both stages (stage 1's steps count from 1 to PretrainSteps).</summary>
    public event Action<TrainingProgress>? Progress;

    /// <summary>Where the network trains; default the CPU.</summary>
    public Device Device { get; init; } = torch.CPU;

    /// <summary>The method's options.</summary>
    public SemanticContrastiveOptions Method { get; } = method ?? throw new ArgumentNullException(nameof(method));

    /// <summary>
    /// Stage 1's options: the run's with <see cref="MethodPreset.ContrastivePretraining"/> (SGD without Nesterov, a
    /// cosine schedule: SupContrast's), <see cref="SemanticContrastiveOptions.PretrainSteps"/> steps, the method's
    /// <see cref="SemanticContrastiveOptions.PretrainLearningRate"/>, momentum and weight decay, and no validation.
    /// </summary>
    public TrainerOptions PretrainingOptions => MethodPreset.ContrastivePretraining.ApplyTo(options) with
    {
        Steps = Math.Max(1, PretrainSteps), LearningRate = Method.PretrainLearningRate, Momentum = Method.PretrainMomentum,
        WeightDecay = Method.PretrainWeightDecay, WarmupSteps = 0, ValidationEvery = 0, EarlyStoppingPatience = null,
    };

    /// <summary>Stage 2's options: the run's, with the steps left after stage 1.</summary>
    public TrainerOptions FinetuningOptions => options with { Steps = options.Steps - PretrainSteps };

    /// <summary>Stage 1's steps: <see cref="SemanticContrastiveOptions.PretrainSteps"/>, or its default share of the run's steps.</summary>
    public int PretrainSteps => Method.PretrainSteps ?? SemanticContrastiveOptions.DefaultPretrainSteps(options.Steps);

    /// <summary>
    /// Stage 1 alone: contrastive pretraining of the encoder, saved to <paramref name="encoderPath"/>
    /// (<see cref="EncoderCheckpoint"/>); returns stage 1's result (its network has the decoder untouched).
    /// With <see cref="AttentionMode.InputChannel"/> the network has one more input channel.
    /// </summary>
    public TrainingResult Pretrain(IBatchSource train, string encoderPath, string? checkpointFolder = null, bool resume = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentException.ThrowIfNullOrEmpty(encoderPath);
        Method.Validate();
        IBatchSource source = Method.Attention == AttentionMode.InputChannel ? new MaskChannelSource(train) : train;
        using var pretraining = new ContrastivePretrainingMethod(Method);
        var trainer = new SegmentationTrainer(pretraining, network, PretrainingOptions) { Device = Device };
        trainer.Progress += Forward;
        TrainingResult result = trainer.Fit(source, null, checkpointFolder, resume, cancellationToken);
        if (!result.Cancelled)
        {
            EncoderCheckpoint.Save(result.Network, encoderPath, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["method"] = pretraining.Name,
                ["attention"] = Method.Attention.ToString(),
                ["steps"] = result.StepsDone.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        }
        return result;
    }

    /// <summary>
    /// Trains on <paramref name="train"/> by the schedule of <see cref="Method"/> and returns the final
    /// segmenter's result. With a <paramref name="checkpointFolder"/>, stage 1 checkpoints under
    /// <see cref="PretrainFolder"/>, the encoder goes to <see cref="EncoderName"/> and stage 2 (or the joint
    /// run) checkpoints under <see cref="FinetuneFolder"/>; <paramref name="resume"/> continues whichever stage
    /// was interrupted (stage 1 is skipped when its encoder exists). With <c>PretrainSteps = 0</c> this is the baseline.
    /// </summary>
    public TrainingResult Fit(IBatchSource train, IValidationSource? validation = null, string? checkpointFolder = null, bool resume = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        Method.Validate();
        string? finetuneFolder = checkpointFolder is null ? null : Path.Combine(checkpointFolder, FinetuneFolder);
        if (Method.Schedule == ContrastiveSchedule.Joint)
        {
            using var joint = new SemanticContrastiveJointMethod(Method);
            return Run(joint, options, train, validation, finetuneFolder, resume && HasCheckpoint(finetuneFolder), cancellationToken);
        }

        if (PretrainSteps == 0)
        {
            using var plain = new BaselineMethod();
            return Run(plain, options, train, validation, finetuneFolder, resume && HasCheckpoint(finetuneFolder), cancellationToken);
        }
        if (PretrainSteps >= options.Steps)
            throw new InvalidOperationException($"PretrainSteps ({PretrainSteps}) must be below the total budget Steps ({options.Steps})");
        string encoderPath = checkpointFolder is null ? Path.Combine(Path.GetTempPath(), $"mlseg-encoder-{Guid.NewGuid():N}.mlseg") : Path.Combine(checkpointFolder, EncoderName);
        try
        {
            if (!(resume && File.Exists(encoderPath)))
            {
                string? pretrainFolder = checkpointFolder is null ? null : Path.Combine(checkpointFolder, PretrainFolder);
                TrainingResult stage1 = Pretrain(train, encoderPath, pretrainFolder, resume && HasCheckpoint(pretrainFolder), cancellationToken);
                if (stage1.Cancelled) return stage1;
                stage1.Network.Dispose();
            }
            using var finetune = new PretrainedEncoderMethod(new BaselineMethod(), encoderPath, Method.FreezeEncoder);
            return Run(finetune, FinetuningOptions, train, validation, finetuneFolder, resume && HasCheckpoint(finetuneFolder), cancellationToken);
        }
        finally
        {
            if (checkpointFolder is null) File.Delete(encoderPath);
        }
    }

    private TrainingResult Run(TrainingMethod trainingMethod, TrainerOptions runOptions, IBatchSource train, IValidationSource? validation, string? folder,
        bool resume, CancellationToken cancellationToken)
    {
        var trainer = new SegmentationTrainer(trainingMethod, network, runOptions) { Device = Device };
        trainer.Progress += Forward;
        return trainer.Fit(train, validation, folder, resume, cancellationToken);
    }

    private static bool HasCheckpoint(string? folder) => folder is not null && File.Exists(Path.Combine(folder, SegmentationTrainer.LastCheckpointName));

    private void Forward(TrainingProgress progress) => Progress?.Invoke(progress);
}
