using MLSegmentation.Networks;
using MLSegmentation.Trainers.Engine;
using MLSegmentation.Trainers.Serialization;
using System.Diagnostics;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Metrics;
using MLSegmentation.Trainers.Segmenters;
using static TorchSharp.torch.optim.lr_scheduler;

namespace MLSegmentation.Trainers.Training;

/// <summary>
/// The one training loop every method runs in: data by step, forward and loss through the method's
/// hooks, backward, gradient clipping, optimizer and schedule steps, validation, checkpoints, early
/// stopping, progress events and clean cancellation. Resuming from a checkpoint continues exactly: the
/// batch of each step is a function of the step, and the generator state is restored.
/// </summary>
public sealed class SegmentationTrainer(TrainingMethod method, UNetOptions network, TrainerOptions options) : ITrainingLoop
{
    /// <summary>File name of the rolling checkpoint in the checkpoint folder.</summary>
    public const string LastCheckpointName = "last.mlseg";

    /// <summary>File name of the best-on-validation network in the checkpoint folder.</summary>
    public const string BestModelName = "best.mlseg";

    /// <summary>Raised on the training thread after each step, validation and checkpoint, and at the end.</summary>
    public event Action<TrainingProgress>? Progress;

    /// <summary>Where the network trains; default the CPU.</summary>
    public Device Device { get; init; } = torch.CPU;

    /// <summary>
    /// Trains on <paramref name="train"/>, validating on <paramref name="validation"/> when given. With a
    /// <paramref name="checkpointFolder"/>, writes <see cref="LastCheckpointName"/> every
    /// <see cref="TrainerOptions.CheckpointEvery"/> steps, at the end and on cancellation, and
    /// <see cref="BestModelName"/> at each better validation; with <paramref name="resume"/>, continues from
    /// the folder's last checkpoint.
    /// </summary>
    public TrainingResult Fit(IBatchSource train, IValidationSource? validation = null, string? checkpointFolder = null,
        bool resume = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        options.Validate();
        if (options.Precision == Precision.Fp16 && Device.type != DeviceType.CUDA)
            throw new InvalidOperationException("fp16 autocast needs a CUDA device; use bf16 on the CPU");
        string? lastPath = checkpointFolder is null ? null : Path.Combine(checkpointFolder, LastCheckpointName);
        if (resume && (lastPath is null || !File.Exists(lastPath)))
            throw new FileNotFoundException($"cannot resume: no checkpoint at {lastPath ?? "(no checkpoint folder given)"}", lastPath);
        if (checkpointFolder is not null) Directory.CreateDirectory(checkpointFolder);

        torch.manual_seed(options.Seed);
        var net = new UNet(network with { InputChannels = train.Channels, Classes = method.OutputChannels(train.Classes) });
        try
        {
            if (Device.type != DeviceType.CPU) net.to(Device);
            using OptimizerHelper optimizer = Optimization.CreateOptimizer(options, net.parameters());
            LRScheduler scheduler = Optimization.CreateSchedule(options, optimizer);
            var context = new TrainingContext(net, optimizer, options, train.Classes, Device);
            method.Initialize(context);
            long start = 0;
            double? best = null;
            if (resume)
            {
                Checkpoint.Info info = Checkpoint.Restore(lastPath!, context, scheduler, method);
                start = info.StepsDone;
                best = info.BestScore;
            }
            return Run(train, validation, checkpointFolder, context, scheduler, start, best, cancellationToken);
        }
        catch
        {
            net.Dispose();
            throw;
        }
    }

    private TrainingResult Run(IBatchSource train, IValidationSource? validation, string? folder, TrainingContext context,
        LRScheduler scheduler, long start, double? best, CancellationToken cancellationToken)
    {
        var losses = new List<double>();
        var clock = Stopwatch.StartNew();
        List<double>? lastDice = null;
        int validationsWithoutImprovement = 0;
        bool cancelled = false, stoppedEarly = false;
        long step = start;
        context.Network.train();
        for (; step < options.Steps; step++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                cancelled = true;
                break;
            }
            context.Step = step;
            double loss = TrainStep(train, context, cancellationToken);
            scheduler.step();
            losses.Add(loss);
            long done = step + 1;
            double rate = losses.Count * options.BatchSize / clock.Elapsed.TotalSeconds;
            Report(new TrainingProgress
            {
                Kind = ProgressKind.Step, Step = done, TotalSteps = options.Steps, Loss = loss, LearningRate = context.LearningRate,
                ImagesPerSecond = rate, Eta = TimeSpan.FromSeconds((options.Steps - done) * options.BatchSize / rate), ValidationDice = lastDice,
            });

            if (validation is not null && options.ValidationEvery > 0 && (done % options.ValidationEvery == 0 || done == options.Steps))
            {
                lastDice = Validate(validation, context, cancellationToken);
                double score = lastDice.Count == 0 ? 0 : lastDice.Average();
                if (best is null || score > best)
                {
                    best = score;
                    validationsWithoutImprovement = 0;
                    if (folder is not null) SaveBestModel(Path.Combine(folder, BestModelName), context);
                }
                else
                {
                    validationsWithoutImprovement++;
                }
                Report(new TrainingProgress { Kind = ProgressKind.Validation, Step = done, TotalSteps = options.Steps, ValidationDice = lastDice });
                if (options.EarlyStoppingPatience is int patience && validationsWithoutImprovement >= patience)
                {
                    stoppedEarly = true;
                    step++;
                    break;
                }
            }
            if (folder is not null && done % options.CheckpointEvery == 0 && done < options.Steps) SaveCheckpoint(folder, context, done, best);
        }
        if (folder is not null) SaveCheckpoint(folder, context, step, best);
        context.Network.eval();
        string ending = cancelled ? "cancelled" : stoppedEarly ? "stopped early" : "completed";
        Report(new TrainingProgress { Kind = ProgressKind.Finished, Step = step, TotalSteps = options.Steps, ValidationDice = lastDice, Message = ending });
        return new TrainingResult
        {
            Network = context.Network, StepsDone = step, Cancelled = cancelled, StoppedEarly = stoppedEarly,
            ValidationDice = lastDice, BestScore = best, Losses = losses,
        };
    }

    private double TrainStep(IBatchSource train, TrainingContext context, CancellationToken cancellationToken)
    {
        using var scope = torch.NewDisposeScope();
        using TrainingBatch batch = train.GetBatch(context.Step, cancellationToken);
        using TrainingBatch onDevice = ToDevice(batch);
        context.Optimizer.zero_grad();
        Tensor loss;
        using (Autocast())
        {
            loss = method.Loss(context, onDevice);
        }
        loss.backward();
        if (options.GradientClipNorm is double maxNorm) torch.nn.utils.clip_grad_norm_(context.Network.parameters(), maxNorm);
        context.Optimizer.step();
        method.AfterStep(context, onDevice);
        return loss.ToDouble();
    }

    private TrainingBatch ToDevice(TrainingBatch batch) => Device.type == DeviceType.CPU
        ? new TrainingBatch(batch.Images.alias(), batch.Labels.alias(), batch.SampleIndices, [.. batch.SideData.Select(s => s.alias())])
        : new TrainingBatch(batch.Images.to(Device), batch.Labels.to(Device), batch.SampleIndices, [.. batch.SideData.Select(s => s.to(Device))]);

    private AutocastScope? Autocast() => options.Precision switch
    {
        Precision.Bf16 => new AutocastScope(Device.type, ScalarType.BFloat16),
        Precision.Fp16 => new AutocastScope(Device.type, ScalarType.Float16),
        _ => null,
    };

    /// <summary>Mean Dice per foreground class over validation images whose truth holds the class (the papers' convention; docs/metrics.md).</summary>
    private List<double> Validate(IValidationSource validation, TrainingContext context, CancellationToken cancellationToken)
    {
        context.Network.eval();
        var metrics = new MetricsAccumulator(new MetricsOptions(context.Classes) { SurfaceDistances = false });
        using (torch.no_grad())
        {
            foreach (TrainingBatch batch in validation.Batches(cancellationToken))
            {
                using var scope = torch.NewDisposeScope();
                using (batch)
                {
                    Tensor predicted;
                    using (Autocast())
                    {
                        predicted = method.Predict(context.Network, batch.Images.to(Device)).argmax(1).to(ScalarType.Int32);
                    }
                    int[] p = predicted.cpu().data<int>().ToArray();
                    int[] t = batch.Labels.to(ScalarType.Int32).data<int>().ToArray();
                    int[] size = batch.Labels.shape.Skip(1).Select(d => (int)d).ToArray();
                    int perImage = p.Length / batch.Count;
                    for (int i = 0; i < batch.Count; i++)
                        metrics.Add(p.AsSpan(i * perImage, perImage), t.AsSpan(i * perImage, perImage), size);
                }
            }
        }
        context.Network.train();
        return metrics.Report().Classes.Where(c => c.Class > 0).Select(c => c.Dice.Mean).ToList();
    }

    private void SaveCheckpoint(string folder, TrainingContext context, long done, double? best)
    {
        string path = Path.Combine(folder, LastCheckpointName);
        Checkpoint.Save(path, context, method, done, best);
        Report(new TrainingProgress { Kind = ProgressKind.Checkpoint, Step = done, TotalSteps = options.Steps, Path = path });
    }

    private void SaveBestModel(string path, TrainingContext context)
    {
        var archive = new TensorArchive();
        archive.AddModule("model", context.Network);
        archive.Metadata["method"] = method.Name;
        archive.Metadata["classes"] = context.Classes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        archive.Metadata["network"] = System.Text.Json.JsonSerializer.Serialize(context.Network.Options);
        archive.Save(path);
    }

    private void Report(TrainingProgress progress) => Progress?.Invoke(progress);
}
