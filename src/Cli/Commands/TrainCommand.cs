using MLSegmentation.Networks;
using MLSegmentation.Trainers.Engine;
using System.CommandLine;
using System.Globalization;
using MLSegmentation.Reporting;
using MLSegmentation.Reporting.Overlays;
using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Estimators;
using MLSegmentation.Trainers.Methods;
using MLSegmentation.Trainers.Metrics;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;

namespace MLSegmentation.Cli.Commands;

/// <summary><c>mlseg train</c>: trains a segmenter on a dataset and writes a run folder.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Dataset: a folder with images/ and masks/, a Decathlon folder with dataset.json, or a .csv/.json manifest." };
        var layout = new Option<DatasetLayout>("--layout") { Description = "Dataset layout (auto detects it).", DefaultValueFactory = _ => DatasetLayout.Auto };
        var validation = new Option<double>("--validation-fraction") { Description = "Share of the samples held out for validation, split by seed.", DefaultValueFactory = _ => 0.2 };
        var method = new Option<string>("--method")
        {
            Description = "Training method: baseline, colab (context label learning), masksup (masked supervised learning), colab+masksup (MaskSup's two branches "
                + "trained against CoLab's soft targets, CoLab's meta step on the clean branch; the model is CoLab's) or contrastive (semantic-aware contrastive learning). "
                + $"Each trains with its paper's optimizer, schedule, normalisation and loss unless --optimizer, --lr, --momentum, --nesterov, --weight-decay, --amsgrad, --schedule, --norm or --loss say otherwise: {MethodTrainers.PresetsHelp}.",
            DefaultValueFactory = _ => "baseline",
        };
        method.AcceptOnlyFromAmong(MethodTrainers.Names);
        var steps = new Option<int>("--steps") { Description = "Optimizer steps.", DefaultValueFactory = _ => 1000 };
        var batch = new Option<int>("--batch-size") { Description = "Samples per step.", DefaultValueFactory = _ => 8 };
        var presetOptions = new PresetOptions();
        var size = new Option<string?>("--size") { Description = "Resize inputs to HxW (or DxHxW); default: the images' own size (equal for all images; a size that is not a multiple of 2^depth is padded inside the network and cropped back)." };
        var normalize = new Option<IntensityNormalization>("--normalize") { Description = "Input intensity normalisation (ZScore per image, Scale = 1/255, None).", DefaultValueFactory = _ => IntensityNormalization.ZScore };
        var noAugment = new Option<bool>("--no-augment") { Description = "Turn off flips, rotations and scaling of training samples." };
        var depth = new Option<int>("--depth") { Description = "U-Net depth (down-sampling steps).", DefaultValueFactory = _ => 3 };
        var width = new Option<int>("--width") { Description = "U-Net base width (channels of the first stage).", DefaultValueFactory = _ => 16 };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N (auto falls back to the CPU and says so).", DefaultValueFactory = _ => "auto" };
        var precision = new Option<Precision>("--precision") { Description = "Fp32, Bf16 (CPU or CUDA autocast) or Fp16 (CUDA).", DefaultValueFactory = _ => Precision.Fp32 };
        var seed = new Option<long>("--seed") { Description = "The one seed for initialisation, data order, augmentation and the method.", DefaultValueFactory = _ => 1 };
        var validateEvery = new Option<int>("--validate-every") { Description = "Validate every N steps (0: only at the end).", DefaultValueFactory = _ => 100 };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Write a checkpoint every N steps.", DefaultValueFactory = _ => 100 };
        var workers = new Option<int>("--workers") { Description = "Threads decoding and augmenting samples.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var skipBad = new Option<bool>("--skip-bad-samples") { Description = "Skip unreadable samples with a warning instead of stopping." };
        var output = new Option<string?>("--out") { Description = "Run folder (default runs/METHOD-TIME)." };
        var resume = new Option<string?>("--resume") { Description = "Continue the run in this folder from its last checkpoint, with its config.json." };
        var methodOptions = new MethodOptions();
        var encoderOptions = new EncoderOptions();
        var quiet = new Option<bool>("--quiet") { Description = "Print only the final summary." };
        var json = new Option<bool>("--json") { Description = "Print progress as JSON lines (for scripts and CI)." };

        var command = new Command("train", "Train a segmenter and write a run folder: config.json, metrics.jsonl, checkpoints/, model.mlseg, evaluation.txt/json, curves.svg/png, overlays/ and report.html.")
        {
            data, layout, validation, method, steps, batch, size, normalize, noAugment, depth, width, device, precision, seed,
            validateEvery, checkpointEvery, workers, skipBad, output, resume, quiet, json,
        };
        presetOptions.AddTo(command);
        methodOptions.AddTo(command);
        encoderOptions.AddTo(command);
        command.SetAction(r => CommandErrors.Run("train", () =>
        {
            string? resumeFolder = r.GetValue(resume);
            TrainSettings settings;
            RunFolder run;
            if (resumeFolder is not null)
            {
                run = new RunFolder(resumeFolder);
                if (!File.Exists(run.Config)) throw new FileNotFoundException($"{run.Config}: no run configuration to resume from");
                settings = TrainSettings.Read(run.Config);
            }
            else
            {
                string dataPath = r.GetValue(data) ?? throw new ArgumentException("--data is required (or --resume RUN_DIR)");
                settings = new TrainSettings
                {
                    Data = Path.GetFullPath(dataPath),
                    Layout = r.GetValue(layout),
                    ValidationFraction = r.GetValue(validation),
                    Method = r.GetValue(method)!,
                    Size = SizeArgument.Parse("--size", r.GetValue(size)),
                    Normalization = r.GetValue(normalize),
                    Augment = !r.GetValue(noAugment),
                    Network = new UNetOptions { Depth = r.GetValue(depth), BaseWidth = r.GetValue(width) },
                    Training = new TrainerOptions
                    {
                        Steps = r.GetValue(steps), BatchSize = r.GetValue(batch),
                        Precision = r.GetValue(precision), Seed = r.GetValue(seed), ValidationEvery = r.GetValue(validateEvery),
                        CheckpointEvery = r.GetValue(checkpointEvery),
                    },
                    Device = r.GetValue(device)!,
                    Workers = r.GetValue(workers),
                    SkipBadSamples = r.GetValue(skipBad),
                };
                settings = encoderOptions.Apply(r, methodOptions.Apply(r, presetOptions.Apply(r, settings)));
                run = new RunFolder(r.GetValue(output) ?? Path.Combine("runs", $"{settings.Method}-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}"));
                RunFolder.WriteText(run.Config, settings.ToJson());
            }
            OutputMode mode = OutputModes.Choose(r.GetValue(json), r.GetValue(quiet));
            return Train(settings, run, resumeFolder is not null, mode);
        }));
        return command;
    }

    private static int Train(TrainSettings settings, RunFolder run, bool resume, OutputMode mode)
    {
        ISegmentationDataset dataset = DatasetArguments.Open(settings.Data, settings.Layout, settings.SkipBadSamples);
        var (train, validation) = DatasetSplit.BySeed(dataset, settings.ValidationFraction, settings.Training.Seed);

        var terminal = new TrainingConsole(mode);
        using var metricsLog = new StreamWriter(run.Metrics, append: resume);
        using var ctrlC = new CtrlC();
        SegmentationEstimator trainer = MethodTrainers.Trainer(settings, new TrainerEstimatorOptions
        {
            Network = settings.Network, Training = settings.Training, CheckpointFolder = run.Checkpoints, Resume = resume,
            Workers = settings.Workers, SkipBadSamples = settings.SkipBadSamples,
        }, p =>
        {
            metricsLog.WriteLine(RunFolder.JsonLine(p));
            metricsLog.Flush();
            terminal.Report(p);
        }, ctrlC.Token);
        SegmentationModel trained;
        try
        {
            trained = terminal.Run(settings.Training.Steps, () => trainer.Fit(train, validation));
        }
        catch (OperationCanceledException) when (ctrlC.Pressed)
        {
            Console.Error.WriteLine($"interrupted; the checkpoint is in {run.Checkpoints}. Continue with: mlseg train --resume {run.Path}");
            return 130;
        }
        using SegmentationModel model = trained;
        model.Save(run.Model);
        MetricsReport report = model.Evaluate(validation);
        RunFolder.WriteText(run.EvaluationJson, report.ToJson());
        RunFolder.WriteText(run.EvaluationText, report.ToTable());
        new RunReport
        {
            Title = $"mlseg train: {settings.Method} on {settings.Data}",
            Configuration = ReportConfiguration(settings, File.ReadAllText(run.Config), model.ClassNames),
            Progress = ProgressLog.Read(run.Metrics),
            Metrics = report,
            ClassNames = model.ClassNames,
            Overlays = MaskOverlay.Predict(model, validation),
        }.Write(run.Path);
        if (mode != OutputMode.Json)
        {
            Console.WriteLine(report.ToTable());
            Console.WriteLine($"model: {run.Model}");
            Console.WriteLine($"report: {run.Report}");
            Console.WriteLine($"run folder: {run.Path}");
        }
        return 0;
    }

    /// <summary>
    /// The configuration rows of the report: the run's settings without the options of the methods it did not use,
    /// and the classes found in the data in place of the network's placeholder counts (set from the data at Fit).
    /// </summary>
    private static List<KeyValuePair<string, string>> ReportConfiguration(TrainSettings settings, string configJson, IReadOnlyList<string> classNames)
    {
        string[] own = settings.Method switch
        {
            "colab" => ["CoLab."], "masksup" => ["MaskSup."], "colab+masksup" => ["CoLab.", "MaskSup."], "contrastive" => ["Contrastive."], _ => [],
        };
        List<KeyValuePair<string, string>> rows = [.. RunReport.ConfigurationFromJson(configJson).Where(row =>
            !PlaceholderRows.Contains(row.Key) && (own.Any(o => row.Key.StartsWith(o, StringComparison.Ordinal)) || !MethodSections.Any(m => row.Key.StartsWith(m, StringComparison.Ordinal))))];
        rows.Add(new("Classes", string.Join(", ", classNames)));
        return rows;
    }

    private static readonly string[] MethodSections = ["CoLab.", "MaskSup.", "Contrastive."];
    private static readonly string[] PlaceholderRows = ["Network.Classes", "Network.InputChannels"];
}
