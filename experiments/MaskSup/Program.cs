// MaskSup vs the baseline on the synthetic benchmark with occlusion (issue 6, METHODS.md §3): same network, budget,
// seeds and data; per-class IoU/Dice on clean and on hole-masked test inputs; mean ± sd over seeds; paired t-tests.
// --bench times a training step of each method (alternating short runs; median over windows).
using MLSegmentation.Networks;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using MLSegmentation.Experiments.MaskSup;
using MLSegmentation.Torch;
using MLSegmentation.Trainers.Experiments;
using MLSegmentation.Trainers.Losses;
using MLSegmentation.Trainers.Methods;
using MLSegmentation.Trainers.Metrics;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var arguments = Arguments.Parse(args);
int seeds = arguments.Int("seeds", 3), steps = arguments.Int("steps", 300), size = arguments.Int("size", 32);
int trainCount = arguments.Int("train", 256), testCount = arguments.Int("test", 128), batchSize = arguments.Int("batch", 8);
double occlusion = arguments.Double("occlusion", 0.5), learningRate = arguments.Double("lr", 3e-3);
string? output = arguments.String("out", null);
const long DataSeed = 2026, TestMaskSeed = 777;

string task = arguments.String("task", "synthetic")!;
var data = new SyntheticOptions { Height = size, Width = size, ClassCount = 5, Occlusion = occlusion };
var network = new UNetOptions { Depth = arguments.Int("depth", 3), BaseWidth = arguments.Int("width", 8) };
var trainer = new TrainerOptions { Steps = steps, BatchSize = batchSize, LearningRate = learningRate, ValidationEvery = 0, CheckpointEvery = int.MaxValue };
float[][] trainImages, testImages;
long[][] trainLabels, testLabels;
IReadOnlyList<string> classNames;
int height = size, width = size;
string taskDescription;
if (task == "colin27")
{
    var (trainSlices, testSlices) = Colin27Task.Load();
    (trainImages, trainLabels, testImages, testLabels) = (trainSlices.Images, Widen(trainSlices.Labels), testSlices.Images, Widen(testSlices.Labels));
    (classNames, height, width) = (Colin27Task.ClassNames, Colin27Task.Height, Colin27Task.Width);
    taskDescription = $"Colin27 T1 (`ch2.nii.gz`) with the AAL atlas grouped by lobe, from Debian's mricron-data: axial slices z = 10–169 as 4×4 block means " +
        $"cropped to {Colin27Task.Height}×{Colin27Task.Width}, 9 classes ({string.Join(", ", Colin27Task.ClassNames)}); slices in repeating blocks of 10, " +
        $"z mod 10 = 0–4 train ({trainImages.Length} slices), 6–8 test ({testImages.Length} slices), 5 and 9 left out as gaps; " +
        "intensities z-scored with the training slices' mean and sd, so the fill value 0 is the mean intensity.";
}
else
{
    var generator = new SyntheticDatasetGenerator(data, DataSeed);
    classNames = generator.ClassNames;
    (trainImages, trainLabels) = Synthetic(generator, 0, trainCount);
    (testImages, testLabels) = Synthetic(generator, 100_000, testCount);
    taskDescription = $"`SyntheticDatasetGenerator` {size}×{size}, {data.ClassCount} classes ({string.Join(", ", classNames)}), occlusion {occlusion}, " +
        $"other options default; data seed {DataSeed}; {trainCount} training images (indices 0–{trainCount - 1}), {testCount} test images (indices 100000+); " +
        "intensities z-scored with the training set's mean and sd, so the fill value 0 is the mean intensity.";
}
(double Mean, double Sd) normalisation = Moments(trainImages);
Func<long, InMemoryBatchSource> makeTrain = seed => new InMemoryBatchSource(ZScore(trainImages, normalisation), trainLabels, height, width, classNames, batchSize, seed);
var test = new InMemoryBatchSource(ZScore(testImages, normalisation), testLabels, height, width, classNames, batchSize, 0);
if (arguments.Int("threads", 0) is int threads and > 0) torch.set_num_threads(threads);

string? benchSection = arguments.Flag("bench") ? Bench() : null;
if (arguments.Flag("no-experiment")) return;

var testMasks = new HoleMaskGenerator(null, TestMaskSeed);
var results = new Dictionary<(string Method, bool Masked), List<MetricsReport>>();
var clock = Stopwatch.StartNew();
for (int seed = 1; seed <= seeds; seed++)
{
    var train = makeTrain(seed);
    foreach (string name in new[] { "baseline", "masksup" })
    {
        using TrainingMethod method = Method(name);
        var run = Stopwatch.StartNew();
        TrainingResult result = new SegmentationTrainer(method, network, trainer with { Seed = seed }).Fit(train);
        using UNet net = result.Network;
        foreach (bool masked in new[] { false, true })
        {
            MetricsReport report = Evaluate(method, net, test, masked ? testMasks : null);
            (results.TryGetValue((name, masked), out var list) ? list : results[(name, masked)] = []).Add(report);
        }
        Console.WriteLine($"seed {seed} {name,-8} {run.Elapsed.TotalSeconds,6:F1} s  final loss {result.Losses.TakeLast(20).Average():F4}  " +
            $"clean mIoU {results[(name, false)][^1].ClassMeanIou:F4}  masked mIoU {results[(name, true)][^1].ClassMeanIou:F4}");
    }
}
Console.WriteLine($"total {clock.Elapsed.TotalMinutes:F1} min");
string markdown = Report();
Console.WriteLine(markdown);
if (output is not null)
{
    if (arguments.Flag("append")) File.AppendAllText(output, Environment.NewLine + markdown);
    else File.WriteAllText(output, markdown);
}
return;

TrainingMethod Method(string name) => name == "baseline" ? new BaselineMethod(new CrossEntropyLoss()) : new MaskSupMethod();

static MetricsReport Evaluate(TrainingMethod method, UNet net, InMemoryBatchSource test, HoleMaskGenerator? masks)
{
    var metrics = new MetricsAccumulator(new MetricsOptions(test.Classes) { SurfaceDistances = false, ClassNames = test.ClassNames });
    net.eval();
    using var noGrad = torch.no_grad();
    foreach (TrainingBatch batch in test.Batches(CancellationToken.None))
    {
        using var scope = torch.NewDisposeScope();
        using (batch)
        {
            Tensor images = masks is null ? batch.Images : batch.Images * Kept(masks, batch.SampleIndices, test.Height, test.Width);
            int[] predicted = method.Predict(net, images).argmax(1).to(ScalarType.Int32).data<int>();
            int[] truth = batch.Labels.to(ScalarType.Int32).data<int>();
            int plane = test.Height * test.Width;
            for (int i = 0; i < batch.Count; i++)
                metrics.Add(predicted.AsSpan(i * plane, plane), truth.AsSpan(i * plane, plane), [test.Height, test.Width]);
        }
    }
    return metrics.Report();
}

// 1 where the image is kept, 0 in its hole: the z-scored input times this fills holes with the mean intensity.
static Tensor Kept(HoleMaskGenerator masks, IReadOnlyList<long> indices, int height, int width) =>
    torch.tensor(indices.SelectMany(i => masks.Generate(height, width, i).Data.Select(h => 1 - h)).ToArray(), indices.Count, 1, height, width);

static (float[][] Images, long[][] Labels) Synthetic(SyntheticDatasetGenerator generator, int first, int count)
{
    SyntheticSample[] samples = Enumerable.Range(first, count).Select(i => generator.Generate(i)).ToArray();
    return (samples.Select(s => s.Image.Data).ToArray(), Widen(samples.Select(s => s.Labels.Data).ToArray()));
}

static long[][] Widen(int[][] labels) => labels.Select(l => l.Select(v => (long)v).ToArray()).ToArray();

static (double Mean, double Sd) Moments(float[][] images)
{
    double n = 0, sum = 0, squares = 0;
    foreach (float v in images.SelectMany(image => image))
    {
        n++;
        sum += v;
        squares += (double)v * v;
    }
    double mean = sum / n;
    return (mean, Math.Sqrt(Math.Max(squares / n - mean * mean, 1e-12)));
}

static float[][] ZScore(float[][] images, (double Mean, double Sd) s) =>
    images.Select(image => image.Select(v => (float)((v - s.Mean) / s.Sd)).ToArray()).ToArray();

string Report()
{
    var md = new StringBuilder();
    string F(IEnumerable<double> values)
    {
        double[] v = values.ToArray();
        double mean = v.Average(), sd = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : 0;
        return $"{mean:F3} ± {sd:F3}";
    }
    IEnumerable<double> Values(string method, bool masked, Func<MetricsReport, double> metric) => results[(method, masked)].Select(metric);
    ClassSummary Class(MetricsReport r, int c) => r.Classes.Single(s => s.Class == c);

    md.AppendLine(task == "colin27" ? "## MaskSup vs baseline: Colin27 + AAL (real data)" : "## MaskSup vs baseline: synthetic benchmark with occlusion");
    md.AppendLine();
    md.AppendLine("Produced by (from the repository root, after `bash scripts/setup.sh`):");
    md.AppendLine();
    md.AppendLine("```");
    md.AppendLine($"dotnet run -c Release --project experiments/MaskSup -- {string.Join(' ', args)}");
    md.AppendLine("```");
    md.AppendLine();
    md.AppendLine($"Task: {taskDescription}");
    md.AppendLine($"Network: U-Net depth {network.Depth}, base width {network.BaseWidth}, batch norm. Training: {steps} Adam steps, batch {batchSize}, lr {learningRate} with poly decay, " +
        $"gradient clipping 12, seeds 1–{seeds} (network initialisation, batch order and MaskSup's masks). Baseline: cross-entropy. " +
        "MaskSup: α = β = γ = 1, cross-entropy, MSE of softmaxes, masks covering 40–60 %, fill 0 — so the runs differ only in the method.");
    md.AppendLine($"Masked test inputs: every test image with a `HoleMaskGenerator` mask (default options, coverage 40–60 %, seed {TestMaskSeed}, the image's index) filled with 0. " +
        "IoU and Dice per class are means over the test images whose truth holds the class (docs/metrics.md); mean IoU is their mean over the foreground classes; " +
        "\"MaskSup mIoU\" is the official evaluation's per-image micro Jaccard (docs/metrics.md). Values: mean ± sd over seeds.");
    md.AppendLine();
    md.AppendLine("| Class | Baseline clean IoU | MaskSup clean IoU | Baseline masked IoU | MaskSup masked IoU | Baseline clean Dice | MaskSup clean Dice | Baseline masked Dice | MaskSup masked Dice |");
    md.AppendLine("|---|---|---|---|---|---|---|---|---|");
    for (int c = 1; c < test.Classes; c++)
    {
        int cls = c;
        md.Append($"| {c} {test.ClassNames[c]} ({results[("baseline", false)][0].Classes.Single(s => s.Class == cls).ImagesWithTruth} images)");
        foreach (bool dice in new[] { false, true })
            foreach (bool masked in new[] { false, true })
                foreach (string m in new[] { "baseline", "masksup" })
                    md.Append($" | {F(Values(m, masked, r => dice ? Class(r, cls).Dice.Mean : Class(r, cls).Iou.Mean))}");
        md.AppendLine(" |");
    }
    md.Append("| mean (foreground)");
    foreach (bool dice in new[] { false, true })
        foreach (bool masked in new[] { false, true })
            foreach (string m in new[] { "baseline", "masksup" })
                md.Append($" | {F(Values(m, masked, r => dice ? r.ClassMeanDice : r.ClassMeanIou))}");
    md.AppendLine(" |");
    md.Append("| MaskSup mIoU (official)");
    foreach (bool masked in new[] { false, true })
        foreach (string m in new[] { "baseline", "masksup" })
            md.Append($" | {F(Values(m, masked, r => r.MaskSupMeanIou))}");
    md.AppendLine(" | | | | |");
    md.AppendLine();
    md.AppendLine("Paired t-tests over seeds (MaskSup − baseline, two-sided; Student's t CDF through the regularised incomplete beta function):");
    md.AppendLine();
    md.AppendLine("| Metric | Inputs | Mean difference | t | df | p |");
    md.AppendLine("|---|---|---|---|---|---|");
    int rarest = Enumerable.Range(1, test.Classes - 1).MinBy(c => Class(results[("baseline", false)][0], c).ImagesWithTruth);
    foreach ((string label, Func<MetricsReport, double> metric) in new (string, Func<MetricsReport, double>)[]
             {
                 ("mean IoU (foreground)", r => r.ClassMeanIou),
                 ("mean Dice (foreground)", r => r.ClassMeanDice),
                 ($"IoU of the rarest class ({test.ClassNames[rarest]})", r => Class(r, rarest).Iou.Mean),
             })
    {
        foreach (bool masked in new[] { false, true })
        {
            double[] a = Values("masksup", masked, metric).ToArray(), b = Values("baseline", masked, metric).ToArray();
            (_, double t, int df, double p) = PairedTTest.Test(a, b);
            md.AppendLine($"| {label} | {(masked ? "masked" : "clean")} | {a.Zip(b, (x, y) => x - y).Average():+0.000;-0.000} | {t:F2} | {df} | {p:F4} |");
        }
    }
    md.AppendLine();
    md.AppendLine("Per seed (mean foreground IoU):");
    md.AppendLine();
    md.AppendLine("| Seed | Baseline clean | MaskSup clean | Baseline masked | MaskSup masked |");
    md.AppendLine("|---|---|---|---|---|");
    for (int s = 0; s < seeds; s++)
        md.AppendLine($"| {s + 1} | {results[("baseline", false)][s].ClassMeanIou:F4} | {results[("masksup", false)][s].ClassMeanIou:F4} | {results[("baseline", true)][s].ClassMeanIou:F4} | {results[("masksup", true)][s].ClassMeanIou:F4} |");
    md.AppendLine();
    md.AppendLine($"Wall time of the whole run: {clock.Elapsed.TotalMinutes:F1} min on {Environment.ProcessorCount} cores (shared).");
    if (benchSection is not null) md.AppendLine().Append(benchSection);
    return md.ToString();
}

string Bench()
{
    int rounds = arguments.Int("bench-rounds", 5), benchSteps = arguments.Int("bench-steps", 15), skip = 3;
    var source = makeTrain(1);
    var perStep = new Dictionary<string, List<double>> { ["baseline"] = [], ["masksup"] = [] };
    for (int round = 0; round < rounds; round++)
    {
        foreach (string name in round % 2 == 0 ? new[] { "baseline", "masksup" } : ["masksup", "baseline"])
        {
            var stamps = new List<double>();
            var watch = Stopwatch.StartNew();
            var t = new SegmentationTrainer(Method(name), network, trainer with { Steps = benchSteps + skip, Seed = round + 1 });
            t.Progress += p =>
            {
                if (p.Kind == ProgressKind.Step) stamps.Add(watch.Elapsed.TotalMilliseconds);
            };
            t.Fit(source).Network.Dispose();
            perStep[name].Add((stamps[^1] - stamps[skip - 1]) / benchSteps);
        }
    }
    double Median(List<double> v)
    {
        double[] s = v.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
    double baseline = Median(perStep["baseline"]), masksup = Median(perStep["masksup"]);
    var sb = new StringBuilder();
    sb.AppendLine("### Time per training step");
    sb.AppendLine();
    sb.AppendLine($"`--bench`: {rounds} rounds, each a short run of each method (order alternating), {benchSteps} timed steps after {skip} warm-up steps; " +
        $"{test.Height}×{test.Width}, batch {batchSize}, the network above, CPU, {Environment.ProcessorCount} cores shared with other work. Median over rounds of the mean step time:");
    sb.AppendLine();
    sb.AppendLine("| Method | ms per step (median) | per round |");
    sb.AppendLine("|---|---|---|");
    foreach (string name in new[] { "baseline", "masksup" })
        sb.AppendLine($"| {name} | {Median(perStep[name]):F1} | {string.Join(", ", perStep[name].Select(v => v.ToString("F1", CultureInfo.InvariantCulture)))} |");
    sb.AppendLine();
    sb.AppendLine($"MaskSup / baseline = **{masksup / baseline:F2}×** (ratio of medians; per-round ratios " +
        $"{string.Join(", ", perStep["masksup"].Zip(perStep["baseline"], (m, b) => (m / b).ToString("F2", CultureInfo.InvariantCulture)))}).");
    Console.WriteLine(sb);
    return sb.ToString();
}
