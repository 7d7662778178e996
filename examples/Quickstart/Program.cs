using Microsoft.ML;
using System.Diagnostics;
using System.Globalization;
using MLSegmentation.Onnx;
using MLSegmentation.Reporting;
using MLSegmentation.Reporting.Overlays;
using MLSegmentation.Trainers.Estimators;
using MLSegmentation.Trainers.Metrics;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;

// The quick start: generate the synthetic benchmark, train a small U-Net with a method of your choice,
// export it to ONNX, score a held-out folder through the batch scorer, print the metrics and write a report
// (training curves, overlays of held-out images, metrics) as one HTML page.
// Usage: Quickstart [--method baseline|masksup|colab|contrastive] [--steps N] [--seed N] [--out DIR]
string method = "baseline", output = Path.Combine("runs", "quickstart");
int steps = 400;
long seed = 1;
for (int k = 0; k < args.Length; k++)
{
    string Next() => k + 1 < args.Length ? args[++k] : throw new ArgumentException($"{args[k]} needs a value");
    switch (args[k])
    {
        case "--method": method = Next(); break;
        case "--steps": steps = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--seed": seed = long.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--out": output = Next(); break;
        default:
            Console.Error.WriteLine($"quickstart: unknown option '{args[k]}' (use --method, --steps, --seed, --out)");
            return 2;
    }
}

output = Path.GetFullPath(output);
string trainFolder = Path.Combine(output, "train"), heldOutFolder = Path.Combine(output, "held-out");
var generator = new SyntheticDatasetGenerator(new SyntheticOptions(), seed);
if (!Directory.Exists(trainFolder)) generator.WriteFolder(trainFolder, 160);
if (!Directory.Exists(heldOutFolder)) generator.WriteFolder(heldOutFolder, 40, firstIndex: 100_000);
Console.WriteLine($"1. synthetic benchmark: 160 training and 40 held-out images of 64×64 in {output}");

var progress = new List<TrainingProgress>();
var options = new TrainerOptions { Steps = steps, LearningRate = 3e-3, ValidationEvery = Math.Max(1, steps / 4) };
var report = new ProgressCallback<TrainingProgress>(p =>
{
    progress.Add(p);
    if (p.Kind == ProgressKind.Validation || (p.Kind == ProgressKind.Step && p.Step % 50 == 0))
        Console.WriteLine($"   {(p.Kind == ProgressKind.Validation ? "validation " : "")}step {p.Step,4}/{p.TotalSteps}" +
            (p.Loss is double l ? $"  loss {l:F4}  {p.ImagesPerSecond:F1} images/s" : "") +
            (p.Kind == ProgressKind.Validation ? $"  mean validation Dice {p.ValidationDice!.Average():F3}" : ""));
});
// Z-score normalisation (the default) and random flips; the seed drives initialisation, data order and augmentation.
IReadOnlyList<ISampleTransform> flips = [new RandomFlip(0, 0.5)];
SegmentationTrainers trainers = new MLContext().Segmentation().Trainers;
SegmentationEstimator trainer = method switch
{
    "baseline" => trainers.Baseline(new BaselineOptions { Training = options, Seed = seed, Augmentations = flips, Progress = report }),
    "masksup" => trainers.MaskSup(new MaskSupTrainerOptions { Training = options, Seed = seed, Augmentations = flips, Progress = report }),
    "colab" => trainers.CoLab(new CoLabTrainerOptions { Training = options, Seed = seed, Augmentations = flips, Progress = report }),
    "contrastive" => trainers.SemanticContrastive(new SemanticContrastiveTrainerOptions { Training = options, Seed = seed, Augmentations = flips, Progress = report }),
    _ => throw new ArgumentException($"unknown method '{method}': use baseline, masksup, colab or contrastive"),
};
Console.WriteLine($"2. training a U-Net (depth 3, base width 16) with {method} for {steps} steps on the CPU");
var (train, validation) = DatasetSplit.BySeed(FolderDataset.Open(trainFolder), validationFraction: 0.2, seed);
var clock = Stopwatch.StartNew();
using SegmentationModel model = trainer.Fit(train, validation);
Console.WriteLine($"   trained in {clock.Elapsed.TotalSeconds:F0} s");

string modelPath = Path.Combine(output, "model.mlseg"), onnxPath = Path.Combine(output, "model.onnx");
model.Save(modelPath);
model.ExportToOnnx(onnxPath);
Console.WriteLine($"3. exported {onnxPath} (ONNX Runtime vs engine: max probability difference {model.CompareWithEngine(onnxPath):G2})");

string masks = Path.Combine(output, "masks");
using (var segmenter = new OnnxSegmenter(onnxPath))
{
    clock.Restart();
    int scored = segmenter.ScoreFolder(Path.Combine(heldOutFolder, "images"), masks);
    Console.WriteLine($"4. scored {scored} held-out images through ONNX Runtime in {clock.Elapsed.TotalSeconds:F1} s; masks in {masks}");
}

var metrics = new MetricsAccumulator(new MetricsOptions(model.Classes) { ClassNames = model.ClassNames });
foreach (string truthPath in Directory.GetFiles(Path.Combine(heldOutFolder, "masks"), "*.png").Order(StringComparer.Ordinal))
    metrics.Add(PngFile.ReadLabels(Path.Combine(masks, Path.GetFileName(truthPath))), PngFile.ReadLabels(truthPath));
MetricsReport heldOutMetrics = metrics.Report();
AtomicFile.WriteAllText(Path.Combine(output, "held-out-metrics.json"), heldOutMetrics.ToJson());
Console.WriteLine("5. held-out metrics of the ONNX model:");
Console.WriteLine(heldOutMetrics.ToTable());

// The run report: curves from the progress events, overlays of a few held-out images with the scorer's masks.
string[] heldOut = [.. Directory.GetFiles(Path.Combine(heldOutFolder, "images"), "*.png").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];
ReportFiles files = new RunReport
{
    Title = $"Quick start: {method}, {steps} steps",
    Configuration =
    [
        new("method", method), new("steps", steps.ToString(CultureInfo.InvariantCulture)),
        new("learning rate", options.LearningRate.ToString(CultureInfo.InvariantCulture)), new("seed", seed.ToString(CultureInfo.InvariantCulture)),
        new("training images", trainFolder), new("held-out images", heldOutFolder),
    ],
    Progress = progress,
    Metrics = heldOutMetrics,
    ClassNames = model.ClassNames,
    Overlays = [.. MaskOverlay.Choose(heldOut.Length).Select(k => new OverlaySample(Path.GetFileNameWithoutExtension(heldOut[k]),
        PngFile.ReadImage(Path.Combine(heldOutFolder, "images", heldOut[k])), PngFile.ReadLabels(Path.Combine(heldOutFolder, "masks", heldOut[k])),
        PngFile.ReadLabels(Path.Combine(masks, heldOut[k]))))],
}.Write(output);
Console.WriteLine($"6. report of the run: {files.Html}");
Console.WriteLine($"model: {modelPath}\nONNX:  {onnxPath}\nmasks: {masks}\noverlays: {files.OverlayFolder}\nmetrics: {Path.Combine(output, "held-out-metrics.json")}\nreport: {files.Html}");
return 0;
