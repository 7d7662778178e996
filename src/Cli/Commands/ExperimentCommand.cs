using MLSegmentation.Networks;
using MLSegmentation.Reporting;
using MLSegmentation.Trainers.Engine;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Estimators;
using MLSegmentation.Trainers.Metrics;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;

namespace MLSegmentation.Cli.Commands;

/// <summary>
/// <c>mlseg experiment</c>: a method against the baseline (or an ablation, <c>--against</c>) over several seeds at equal budget (same steps, batch,
/// data, split and network), each run in its own run folder under <c>--out</c>; writes <c>experiment.md</c> and
/// <c>experiment.json</c>. A run whose <c>evaluation.json</c> exists is finished and is not trained again.
/// </summary>
internal static class ExperimentCommand
{
    public static Command Create()
    {
        var data = new Option<string?>("--data") { Description = "Dataset (the layouts of mlseg train); default: the synthetic benchmark, written to OUT/data." };
        var layout = new Option<DatasetLayout>("--layout") { Description = "Dataset layout (auto detects it).", DefaultValueFactory = _ => DatasetLayout.Auto };
        var validation = new Option<double>("--validation-fraction") { Description = "Share of the samples held out for evaluation; the split is the same for every run.", DefaultValueFactory = _ => 0.2 };
        var validationData = new Option<string?>("--validation-data")
        {
            Description = "A fixed held-out dataset (read with --layout) to evaluate every run on; all of the training data then trains. Excludes --validation-fraction.",
        };
        var evaluationData = new Option<string[]>("--evaluation-data")
        {
            Description = "A further dataset (read with --layout; repeat the option for more) to evaluate every run's model on, reported with its own table and t-test, "
                + "e.g. hole-masked validation images from mlseg dataset holes. Finished runs are evaluated without training again.",
        };
        var splitSeed = new Option<long>("--split-seed") { Description = "Seed of the train/validation split (fixed across runs).", DefaultValueFactory = _ => 1 };
        var method = new Option<string>("--method")
        {
            Description = "Method compared with the baseline: colab, masksup, colab+masksup or contrastive. Both runs train with the method's preset (see mlseg train --help), "
                + "so that only the method differs, unless --optimizer, --lr, --momentum, --nesterov, --weight-decay, --amsgrad, --schedule, --norm or --loss say otherwise.",
            Required = true,
        };
        method.AcceptOnlyFromAmong(MethodTrainers.Names.Where(n => n != ExperimentVariant.Baseline).ToArray());
        var against = new Option<string>("--against")
        {
            Description = "What the method is compared with: baseline, or an ablation METHOD:SWITCH[,SWITCH…], the method options of mlseg train without the leading "
                + "dashes and the method's prefix, with =VALUE unless a flag: colab:freeze-generator, masksup:beta=0, contrastive:labels=ImageId. "
                + "Its runs get the method's preset and options, then the switches.",
            DefaultValueFactory = _ => ExperimentVariant.Baseline,
        };
        var seeds = new Option<int>("--seeds") { Description = "Run seeds 1…N (initialisation, data order, augmentation and the method).", DefaultValueFactory = _ => 3 };
        var seedList = new Option<string?>("--seed-list") { Description = "Comma-separated seeds to run instead of 1…N, e.g. 1,2,7." };
        var steps = new Option<int>("--steps") { Description = "Optimizer steps of every run.", DefaultValueFactory = _ => 300 };
        var batch = new Option<int>("--batch-size") { Description = "Samples per step of every run.", DefaultValueFactory = _ => 8 };
        var presetOptions = new PresetOptions();
        var size = new Option<string?>("--size") { Description = "Resize inputs to HxW (or DxHxW); default: the images' own size." };
        var noAugment = new Option<bool>("--no-augment") { Description = "Turn off flips, rotations and scaling of training samples." };
        var depth = new Option<int>("--depth") { Description = "U-Net depth (down-sampling steps).", DefaultValueFactory = _ => 3 };
        var width = new Option<int>("--width") { Description = "U-Net base width (channels of the first stage).", DefaultValueFactory = _ => 16 };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N (auto falls back to the CPU and says so).", DefaultValueFactory = _ => "auto" };
        var workers = new Option<int>("--workers") { Description = "Threads decoding and augmenting samples.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var syntheticCount = new Option<int>("--synthetic-count") { Description = "Without --data: images of the synthetic benchmark.", DefaultValueFactory = _ => 200 };
        var syntheticTask = new Option<SyntheticTask>("--synthetic-task")
        {
            Description = "Without --data: the synthetic task, one per method's claim: " + SyntheticTasks.Help + ".", DefaultValueFactory = _ => SyntheticTask.Standard,
        };
        var syntheticSize = new Option<int?>("--synthetic-size") { Description = "Without --data: image height and width of the synthetic task. Default: the task's (64)." };
        var syntheticClasses = new Option<int?>("--synthetic-classes") { Description = "Without --data: classes of the synthetic task including background (2 to 5). Default: the task's." };
        var output = new Option<string?>("--out") { Description = "Experiment folder (default runs/experiment-METHOD); run the command again with it to continue after the finished runs." };
        var quiet = new Option<bool>("--quiet") { Description = "Print one line per run and the summary, no step progress." };
        var methodOptions = new MethodOptions();
        var encoderOptions = new EncoderOptions();

        var command = new Command("experiment", "Compare a method with the baseline (or an ablation of it) over several seeds at equal budget; writes experiment.md (per-seed Dice and precision, mean ± sd, paired t-tests) and experiment.json.")
        {
            data, layout, validation, validationData, evaluationData, splitSeed, method, against, seeds, seedList, steps, batch, size, noAugment, depth, width, device, workers,
            syntheticTask, syntheticCount, syntheticSize, syntheticClasses, output, quiet,
        };
        presetOptions.AddTo(command);
        methodOptions.AddTo(command);
        encoderOptions.AddTo(command);
        command.SetAction(r => CommandErrors.Run("experiment", () =>
        {
            string name = r.GetValue(method)!;
            string folder = Path.GetFullPath(r.GetValue(output) ?? Path.Combine("runs", "experiment-" + name));
            long[] seedValues = Seeds(r.GetValue(seeds), r.GetValue(seedList));
            string dataPath = r.GetValue(data) is string given ? Path.GetFullPath(given) : Path.Combine(folder, "data");
            string? heldOut = r.GetValue(validationData) is string held ? Path.GetFullPath(held) : null;
            if (heldOut is not null && r.GetResult(validation) is { Implicit: false })
                throw new ArgumentException("--validation-data and --validation-fraction exclude each other: evaluate on a fixed dataset or on a share of --data, not both");
            var template = encoderOptions.Apply(r, methodOptions.Apply(r, presetOptions.Apply(r, new TrainSettings
            {
                Data = dataPath,
                Layout = r.GetValue(layout),
                ValidationFraction = heldOut is null ? r.GetValue(validation) : 0,
                Method = name,
                Size = SizeArgument.Parse("--size", r.GetValue(size)),
                Augment = !r.GetValue(noAugment),
                Network = new UNetOptions { Depth = r.GetValue(depth), BaseWidth = r.GetValue(width) },
                Training = new TrainerOptions
                {
                    Steps = r.GetValue(steps), BatchSize = r.GetValue(batch), ValidationEvery = 0,
                },
                Device = r.GetValue(device)!,
                Workers = r.GetValue(workers),
            })));
            int count = r.GetValue(syntheticCount);
            SyntheticOptions? synthetic = r.GetValue(data) is null ? Synthetic(r.GetValue(syntheticTask), r.GetValue(syntheticSize), r.GetValue(syntheticClasses)) : null;
            var experiment = new ExperimentSettings(template, r.GetValue(splitSeed), synthetic is null ? null : r.GetValue(syntheticTask), synthetic,
                synthetic is null ? null : count, heldOut, r.GetValue(against)!);
            ExperimentVariant variant = ExperimentVariant.Parse(experiment.Against);
            TrainSettings againstRuns = variant.Apply(template);
            Directory.CreateDirectory(folder);
            experiment.WriteOrCheck(Path.Combine(folder, "settings.json"));
            if (synthetic is not null) WriteSynthetic(dataPath, synthetic, count);
            string[] extraData = [.. (r.GetValue(evaluationData) ?? []).Select(Path.GetFullPath)];
            return Run(experiment, variant, againstRuns, folder, seedValues, extraData, r.GetValue(quiet));
        }));
        return command;
    }

    /// <summary>Trains the runs of <paramref name="variant"/> (<paramref name="against"/>) and the method's (<paramref name="experiment"/>'s) for every seed, then writes the report.</summary>
    private static int Run(ExperimentSettings experiment, ExperimentVariant variant, TrainSettings against, string folder, long[] seeds, string[] extraData, bool quiet)
    {
        TrainSettings template = experiment.Runs;
        ISegmentationDataset dataset = DatasetArguments.Open(template.Data, template.Layout, template.SkipBadSamples);
        var (train, validation) = Split(experiment, dataset);
        var extra = ExtraEvaluations(extraData, template, dataset);
        (string Label, string Folder, TrainSettings Settings)[] sides = [(variant.Spec, variant.FolderName, against), (template.Method, template.Method, template)];
        var results = new List<ExperimentRun>();
        int total = seeds.Length * sides.Length;
        foreach (long seed in seeds)
        {
            foreach ((string method, string prefix, TrainSettings settings) in sides)
            {
                var run = new RunFolder(Path.Combine(folder, $"{prefix}-seed{seed.ToString(CultureInfo.InvariantCulture)}"));
                string label = string.Create(CultureInfo.InvariantCulture, $"run {results.Count + 1}/{total}: {method} seed {seed}");
                MetricsReport evaluation;
                if (File.Exists(run.EvaluationJson))
                {
                    evaluation = MetricsReport.FromJson(File.ReadAllText(run.EvaluationJson));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: reused the finished run in {run.Path} (Dice {evaluation.ClassMeanDice:F4})"));
                }
                else
                {
                    Console.WriteLine($"{label}: training");
                    var clock = Stopwatch.StartNew();
                    evaluation = Train(settings with { Training = settings.Training with { Seed = seed } }, run, train, validation, quiet);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: Dice {evaluation.ClassMeanDice:F4} ({clock.Elapsed.TotalSeconds:F1} s)"));
                }
                double? trend = File.Exists(run.Metrics) ? ExperimentRun.LastTenthLossRatio(ProgressLog.Read(run.Metrics)) : null;
                results.Add(new ExperimentRun(method, seed, evaluation, Evaluate(run, extra), trend));
            }
        }
        var report = new ExperimentReport(experiment, train.Count, validation.Count, results, extraData);
        RunFolder.WriteText(Path.Combine(folder, "experiment.md"), report.ToMarkdown());
        RunFolder.WriteText(Path.Combine(folder, "experiment.json"), report.ToJson());
        Console.WriteLine(report.Summary());
        Console.WriteLine($"report: {Path.Combine(folder, "experiment.md")}");
        return 0;
    }

    private static MetricsReport Train(TrainSettings settings, RunFolder run, ISegmentationDataset train, ISegmentationDataset validation, bool quiet)
    {
        RunFolder.WriteText(run.Config, settings.ToJson());
        var terminal = new TrainingConsole(OutputModes.Choose(json: false, quiet));
        using (var metricsLog = new StreamWriter(run.Metrics))
        {
            SegmentationEstimator trainer = MethodTrainers.Trainer(settings, new TrainerEstimatorOptions
            {
                Network = settings.Network, Training = settings.Training, Workers = settings.Workers, SkipBadSamples = settings.SkipBadSamples,
            }, p =>
            {
                metricsLog.WriteLine(RunFolder.JsonLine(p));
                terminal.Report(p);
            }, CancellationToken.None);
            using SegmentationModel model = terminal.Run(settings.Training.Steps, () => trainer.Fit(train));
            model.Save(run.Model);
            MetricsReport report = model.Evaluate(validation, surfaceDistances: true);
            RunFolder.WriteText(run.EvaluationText, report.ToTable());
            RunFolder.WriteText(run.EvaluationJson, report.ToJson()); // last: its presence marks the run finished
            return report;
        }
    }

    /// <summary>
    /// The datasets of <c>--evaluation-data</c> with the file of a run folder that holds a run's evaluation on each,
    /// <c>evaluation-on-NAME.json</c> (NAME the dataset's folder name, so the names must differ); their classes must be the training data's.
    /// </summary>
    private static (ISegmentationDataset Data, string File)[] ExtraEvaluations(string[] paths, TrainSettings settings, ISegmentationDataset training)
    {
        var result = new (ISegmentationDataset, string)[paths.Length];
        for (int i = 0; i < paths.Length; i++)
        {
            string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(paths[i]));
            if (paths.Take(i).Any(p => Path.GetFileName(Path.TrimEndingDirectorySeparator(p)) == name))
                throw new ArgumentException($"--evaluation-data {paths[i]}: another dataset given is also named '{name}'; give datasets whose folder names differ");
            ISegmentationDataset data = DatasetArguments.Open(paths[i], settings.Layout, settings.SkipBadSamples);
            if (!data.ClassNames.SequenceEqual(training.ClassNames))
                throw new ArgumentException($"--evaluation-data {paths[i]}: its classes ({string.Join(", ", data.ClassNames)}) are not those of the training data ({string.Join(", ", training.ClassNames)})");
            result[i] = (data, $"evaluation-on-{name}.json");
        }
        return result;
    }

    /// <summary>The finished run's evaluations on the datasets of <c>--evaluation-data</c>: read back when written before, else its saved model evaluated and written.</summary>
    private static MetricsReport[] Evaluate(RunFolder run, (ISegmentationDataset Data, string File)[] extra)
    {
        var reports = new MetricsReport[extra.Length];
        SegmentationModel? model = null;
        try
        {
            for (int i = 0; i < extra.Length; i++)
            {
                string path = Path.Combine(run.Path, extra[i].File);
                if (File.Exists(path))
                {
                    reports[i] = MetricsReport.FromJson(File.ReadAllText(path));
                    continue;
                }
                model ??= SegmentationModel.Load(run.Model);
                reports[i] = model.Evaluate(extra[i].Data, surfaceDistances: true);
                RunFolder.WriteText(path, reports[i].ToJson());
            }
        }
        finally
        {
            model?.Dispose();
        }
        return reports;
    }

    /// <summary>
    /// The training and validation samples: all of <paramref name="dataset"/> and the held-out dataset of <c>--validation-data</c>
    /// (whose classes must be the training data's), else the seeded split of <paramref name="dataset"/>.
    /// </summary>
    private static (ISegmentationDataset Train, ISegmentationDataset Validation) Split(ExperimentSettings experiment, ISegmentationDataset dataset)
    {
        TrainSettings settings = experiment.Runs;
        if (experiment.ValidationData is not string path) return DatasetSplit.BySeed(dataset, settings.ValidationFraction, experiment.SplitSeed);
        ISegmentationDataset validation = DatasetArguments.Open(path, settings.Layout, settings.SkipBadSamples);
        if (!validation.ClassNames.SequenceEqual(dataset.ClassNames))
            throw new ArgumentException($"--validation-data {path}: its classes ({string.Join(", ", validation.ClassNames)}) are not those of the training data ({string.Join(", ", dataset.ClassNames)})");
        return (dataset, validation);
    }

    /// <summary>The knobs of <paramref name="task"/>, with the size and class count given on the command line.</summary>
    private static SyntheticOptions Synthetic(SyntheticTask task, int? side, int? classes)
    {
        SyntheticOptions preset = SyntheticOptions.ForTask(task);
        return preset with { Height = side ?? preset.Height, Width = side ?? preset.Width, ClassCount = classes ?? preset.ClassCount };
    }

    private static long[] Seeds(int count, string? list)
    {
        if (list is null)
            return count >= 1 ? [.. Enumerable.Range(1, count).Select(s => (long)s)] : throw new ArgumentException($"--seeds {count}: need at least 1");
        string[] parts = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var seeds = new long[parts.Length];
        for (int k = 0; k < parts.Length; k++)
        {
            if (!long.TryParse(parts[k], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seeds[k]))
                throw new ArgumentException($"--seed-list '{list}': '{parts[k]}' is not an integer seed");
        }
        if (seeds.Length == 0 || seeds.Distinct().Count() != seeds.Length)
            throw new ArgumentException($"--seed-list '{list}': give distinct seeds separated by commas, e.g. 1,2,3");
        return seeds;
    }

    private static void WriteSynthetic(string folder, SyntheticOptions options, int count)
    {
        options.Validate();
        if (File.Exists(Path.Combine(folder, "classes.txt"))) return;
        string temp = folder + ".tmp";
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        new SyntheticDatasetGenerator(options, seed: 1).WriteFolder(temp, count);
        Directory.Move(temp, folder);
        Console.WriteLine($"synthetic benchmark: {count} images of {options.Height}×{options.Width} written to {folder}");
    }
}
