using System.Diagnostics;
using System.Globalization;
using MLSegmentation.Experiments.CoLab;
using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Methods;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Trainers.Training;

// Baseline vs CoLab on the synthetic benchmark with heterogeneous background and a small ROI class, same budget
// and seeds; writes the report (docs/results/colab.md by default) and the margin histogram next to it.
// --bench measures the mean time per training iteration of both (meta steps included) instead.
ExperimentSettings settings = ExperimentSettings.Parse(args);
string command = "dotnet run -c Release --project experiments/CoLab -- " + string.Join(' ', args);
var clock = Stopwatch.StartNew();
void Log(string message) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{clock.Elapsed:mm\\:ss}] {message}"));

const long DataSeed = 2026;
(InMemoryBatchSource train, InMemoryBatchSource test, string task) = settings.Task switch
{
    "colin" => ColinAalTask.Load(settings.AalLabel, settings.BatchSize),
    "synthetic" => (InMemoryBatchSource.Synthetic(settings.Data, DataSeed, firstIndex: 0, settings.TrainImages, settings.BatchSize, seed: 1),
        InMemoryBatchSource.Synthetic(settings.Data, DataSeed, firstIndex: 100_000, settings.TestImages, batchSize: 16, seed: 0),
        string.Create(CultureInfo.InvariantCulture, $"synthetic benchmark, {settings.Size}×{settings.Size}, 2 classes (background, blob = the ROI), `BackgroundHeterogeneity = {settings.Heterogeneity}`, `ObjectScale = {settings.ObjectScale}`, `NoiseSigma = {settings.Noise}`; data seed {DataSeed}, {settings.TrainImages} training images (indices 0…), {settings.TestImages} test images (indices 100000…)")),
    _ => throw new ArgumentException($"unknown task {settings.Task} (synthetic or colin)"),
};
test = test.With(16, 0);
Log(string.Create(CultureInfo.InvariantCulture, $"{train.Count} training and {test.Count} test images of {train.Height}×{train.Width}, ROI share {RoiShare(train):P2} / {RoiShare(test):P2}; torch threads {torch.get_num_threads()}"));

if (settings.Bench)
{
    var timings = new List<BenchTiming>();
    foreach (string name in new[] { "baseline", "colab" })
    {
        Run(name, seed: 1, steps: 3, _ => { }); // warm-up
        var perStep = new List<double>();
        var watch = Stopwatch.StartNew();
        Run(name, seed: 1, steps: settings.BenchSteps, p =>
        {
            if (p.Kind != ProgressKind.Step) return;
            perStep.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
        });
        var meta = perStep.Where((_, k) => k % settings.CoLab.TaskUpdateEvery == 0).ToList();
        var normal = perStep.Where((_, k) => k % settings.CoLab.TaskUpdateEvery != 0).ToList();
        timings.Add(new BenchTiming(name, perStep.Average(), meta.Average(), normal.Average()));
        Log($"{name}: {perStep.Average():F1} ms per iteration (every {settings.CoLab.TaskUpdateEvery}th: {meta.Average():F1} ms, others {normal.Average():F1} ms)");
    }
    Log($"CoLab / baseline time per iteration: {timings[1].Mean / timings[0].Mean:F2}");
    Report.WriteBench(settings, command, timings);
    return;
}

var results = new List<(string Method, long Seed, EvaluationResult Result)>();
for (long seed = 1; seed <= settings.Seeds; seed++)
{
    foreach (string name in new[] { "baseline", "colab" })
    {
        var watch = Stopwatch.StartNew();
        EvaluationResult r = Run(name, seed, settings.Steps, _ => { }, evaluate: true)!;
        results.Add((name, seed, r));
        Log(string.Create(CultureInfo.InvariantCulture,
            $"seed {seed} {name,-8}: Dice {r.Dice:F3} precision {r.Precision:F3} sensitivity {r.Sensitivity:F3} HD95 {r.Hd95:F2} wrong-side {r.WrongSideShare:P3} ({watch.Elapsed.TotalSeconds:F0} s)"));
    }
}
Report.Write(settings, command, task, results, clock.Elapsed);
Log($"wrote {settings.Output}");

EvaluationResult? Run(string name, long seed, int steps, Action<TrainingProgress> progress, bool evaluate = false)
{
    using TrainingMethod method = name == "colab" ? new CoLabMethod(settings.CoLab) : new BaselineMethod();
    var trainer = new SegmentationTrainer(method, settings.Network, settings.Trainer(seed, steps));
    trainer.Progress += progress;
    TrainingResult result = trainer.Fit(train.With(settings.BatchSize, seed));
    using UNet network = result.Network;
    return evaluate ? Evaluation.Run(method, network, test, train.Classes) : null;
}

// Share of pixels that are ROI, over all images.
static double RoiShare(InMemoryBatchSource source) =>
    source.Labels.Sum(l => l.LongCount(v => v > 0)) / (double)(source.Count * (long)source.Height * source.Width);

internal sealed record BenchTiming(string Method, double Mean, double MetaIterations, double OtherIterations);
