using MLSegmentation.Networks;
using System.Diagnostics;
using System.Globalization;
using MLSegmentation.Experiments.Contrastive;
using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Experiments;
using MLSegmentation.Trainers.Methods;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;

// Semantic-aware contrastive learning (issue 8, item 4): random initialisation vs contrastive pretraining
// (and joint training) at the same total budget and seeds on the multi-object synthetic task; per-class
// and mean Dice, paired t-tests, k-NN class accuracy of held-out object vs image-level embeddings, and a
// PCA plot. --bench times iterations relative to the baseline's instead.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
int seeds = 3, steps = 240, pretrainSteps = 80, trainCount = 128, testCount = 64, size = 32, batchSize = 8;
double pretrainLr = 0.05;
string? output = null, task = "synthetic";
bool bench = false;
for (int k = 0; k < args.Length; k++)
{
    switch (args[k])
    {
        case "--seeds" when k + 1 < args.Length: seeds = int.Parse(args[++k], CultureInfo.InvariantCulture); break;
        case "--steps" when k + 1 < args.Length: steps = int.Parse(args[++k], CultureInfo.InvariantCulture); break;
        case "--pretrain-steps" when k + 1 < args.Length: pretrainSteps = int.Parse(args[++k], CultureInfo.InvariantCulture); break;
        case "--pretrain-lr" when k + 1 < args.Length: pretrainLr = double.Parse(args[++k], CultureInfo.InvariantCulture); break;
        case "--train" when k + 1 < args.Length: trainCount = int.Parse(args[++k], CultureInfo.InvariantCulture); break;
        case "--size" when k + 1 < args.Length: size = int.Parse(args[++k], CultureInfo.InvariantCulture); break;
        case "--out" when k + 1 < args.Length: output = args[++k]; break;
        case "--task" when k + 1 < args.Length: task = args[++k]; break;
        case "--bench": bench = true; break;
        default:
            Console.Error.WriteLine($"contrastive: unknown option '{args[k]}' (--task synthetic|colin27, --seeds N, --steps N, --pretrain-steps N, --pretrain-lr X, --train N, --size N, --out DIR, --bench)");
            return 2;
    }
}

var network = new UNetOptions { Depth = 2, BaseWidth = 16 };
var method = new SemanticContrastiveOptions { PretrainSteps = pretrainSteps, PretrainLearningRate = pretrainLr };
TrainerOptions Options(int seed) => new() { Steps = steps, BatchSize = batchSize, LearningRate = 3e-3, ValidationEvery = steps, CheckpointEvery = 1_000_000, Seed = seed };
InMemoryBatchSource trainData, test;
string description;
if (task == "colin27")
{
    if (!Colin27Task.Available) { Console.Error.WriteLine("contrastive: the colin27 task needs Debian's mricron-data (/usr/share/mricron/templates)"); return 2; }
    (trainData, test) = Colin27Task.Load(batchSize);
    description = $"Colin27 T1 + AAL lobes, 48×40 slices, {trainData.Count} train / {test.Count} test slices (blocks of 20 along z with gaps)";
}
else
{
    var data = new SyntheticOptions { Height = size, Width = size, ClassCount = 5 };
    trainData = InMemoryBatchSource.Synthetic(data, dataSeed: 100, firstIndex: 0, trainCount, batchSize, 0);
    test = InMemoryBatchSource.Synthetic(data, dataSeed: 100, firstIndex: 100_000, testCount, batchSize, 0);
    description = $"synthetic {size}×{size}, {trainData.Count} train / {test.Count} test images";
}
InMemoryBatchSource Train(int seed) => trainData.With(batchSize, seed);
int classes = test.Classes;
string tempFolder = Directory.CreateTempSubdirectory("mlseg-contrastive-exp-").FullName;

if (bench) return Bench();

string[] arms = ["random init", "contrastive pretrain → fine-tune", "joint (λ = 0.1)"];
var dice = arms.ToDictionary(a => a, _ => new List<IReadOnlyList<double>>());
string[] encoders = ["untrained encoder", "random init, trained", "contrastive stage 1", "contrastive, fine-tuned", "joint, trained"];
var knnObject = encoders.ToDictionary(e => e, _ => new List<double>());
var knnImage = encoders.ToDictionary(e => e, _ => new List<double>());
List<(string, double[][], long[])>? panels = null;
var clock = Stopwatch.StartNew();
Console.WriteLine($"{description}; classes {string.Join(", ", test.ClassNames)}; U-Net depth 2 width 16; " +
                  $"budget {steps} steps (contrastive: {pretrainSteps} pretraining + {steps - pretrainSteps} fine-tuning); batch {batchSize}; {seeds} seeds");

for (int seed = 1; seed <= seeds; seed++)
{
    InMemoryBatchSource train = Train(seed), reference = Train(seed);
    void Probe(string name, UNet net)
    {
        Embeddings r = Embeddings.Extract(net, reference, classes), q = Embeddings.Extract(net, test, classes);
        knnObject[name].Add(Embeddings.KnnAccuracy(r.Objects, r.Classes, q.Objects, q.Classes));
        knnImage[name].Add(Embeddings.KnnAccuracy(r.Images, r.Classes, q.Images, q.Classes));
        Console.WriteLine($"  seed {seed} {name}: k-NN object {knnObject[name][^1]:F3}, image-level {knnImage[name][^1]:F3}");
    }

    torch.manual_seed(seed);
    using (var untrained = new UNet(network with { InputChannels = 1, Classes = classes })) Probe(encoders[0], untrained);

    TrainingResult baseline = new SegmentationTrainer(new BaselineMethod(), network, Options(seed)).Fit(train, test);
    using (UNet net = baseline.Network) Probe(encoders[1], net);
    dice[arms[0]].Add(baseline.ValidationDice!);

    var contrastive = new SemanticContrastiveTrainer(method, network, Options(seed));
    string encoderPath = Path.Combine(tempFolder, $"encoder-{seed}.mlseg");
    TrainingResult stage1 = contrastive.Pretrain(train, encoderPath);
    using (UNet net = stage1.Network)
    {
        Probe(encoders[2], net);
        if (seed == 1)
        {
            Embeddings q = Embeddings.Extract(net, test, classes);
            panels = [("contrastive stage 1: object embeddings", Embeddings.Pca2(q.Objects), q.Classes), ("contrastive stage 1: image-level", Embeddings.Pca2(q.Images), q.Classes)];
        }
    }
    using (var finetune = new PretrainedEncoderMethod(new BaselineMethod(), encoderPath))
    {
        TrainingResult stage2 = new SegmentationTrainer(finetune, network, contrastive.FinetuningOptions with { ValidationEvery = steps - pretrainSteps }).Fit(train, test);
        using UNet net = stage2.Network;
        Probe(encoders[3], net);
        dice[arms[1]].Add(stage2.ValidationDice!);
    }

    TrainingResult joint = new SemanticContrastiveTrainer(method with { Schedule = ContrastiveSchedule.Joint }, network, Options(seed)).Fit(train, test);
    using (UNet net = joint.Network)
    {
        Probe(encoders[4], net);
        if (seed == 1)
        {
            Embeddings q = Embeddings.Extract(net, test, classes);
            panels!.Insert(0, ("joint, trained: object embeddings", Embeddings.Pca2(q.Objects), q.Classes));
        }
    }
    dice[arms[2]].Add(joint.ValidationDice!);
    Console.WriteLine($"seed {seed}: mean Dice " + string.Join(", ", arms.Select(a => $"{a} {dice[a][^1].Average():F3}")) + $"  ({clock.Elapsed.TotalSeconds:F0} s)");
}
Directory.Delete(tempFolder, recursive: true);

string Pm(IReadOnlyList<double> x) => $"{x.Average():F3} ± {PairedTTest.StandardDeviation(x):F3}";
var lines = new List<string>
{
    "| arm | " + string.Join(" | ", test.ClassNames.Skip(1)) + " | mean Dice |",
    "|---|" + string.Concat(Enumerable.Repeat("---|", classes)),
};
foreach (string arm in arms)
{
    var perClass = Enumerable.Range(0, classes - 1).Select(c => Pm(dice[arm].Select(d => d[c]).ToList()));
    lines.Add($"| {arm} | " + string.Join(" | ", perClass) + $" | {Pm(dice[arm].Select(d => d.Average()).ToList())} |");
}
lines.Add("");
lines.Add("| paired t-test of mean Dice (vs random init) | mean difference | t | df | p (two-sided) |");
lines.Add("|---|---|---|---|---|");
List<double> baseMeans = dice[arms[0]].Select(d => d.Average()).ToList();
foreach (string arm in arms.Skip(1))
{
    (double diff, double t, int df, double p) = PairedTTest.Test(dice[arm].Select(d => d.Average()).ToList(), baseMeans);
    lines.Add($"| {arm} | {diff:+0.000;-0.000} | {t:F2} | {df} | {p:F3} |");
}
lines.Add("");
lines.Add("| encoder (bottleneck features) | k-NN accuracy, object embeddings | k-NN accuracy, image-level embeddings |");
lines.Add("|---|---|---|");
foreach (string e in encoders) lines.Add($"| {e} | {Pm(knnObject[e])} | {Pm(knnImage[e])} |");
foreach (string line in lines) Console.WriteLine(line);
if (output is not null)
{
    Directory.CreateDirectory(output);
    string suffix = task == "synthetic" ? "" : "-" + task;
    File.WriteAllLines(Path.Combine(output, $"contrastive-tables{suffix}.md"), lines);
    SvgScatter.Write(Path.Combine(output, $"contrastive-embeddings{suffix}.svg"), panels!, test.ClassNames);
    Console.WriteLine($"wrote {Path.Combine(output, $"contrastive-tables{suffix}.md")} and contrastive-embeddings{suffix}.svg");
}
Console.WriteLine($"total {clock.Elapsed.TotalMinutes:F1} min");
return 0;

int Bench()
{
    const int timed = 20, warmup = 5;
    InMemoryBatchSource train = Train(1);
    double Time(Func<Action<TrainingProgress>, TrainingResult> run)
    {
        var stamps = new List<double>();
        var watch = Stopwatch.StartNew();
        TrainingResult result = run(p => { if (p.Kind == ProgressKind.Step) stamps.Add(watch.Elapsed.TotalMilliseconds); });
        result.Network.Dispose();
        double[] intervals = stamps.Zip(stamps.Skip(1), (a, b) => b - a).Skip(warmup).Order().ToArray();
        return intervals[intervals.Length / 2];
    }
    TrainerOptions o = Options(1) with { Steps = timed + warmup + 1, ValidationEvery = 0 };
    TrainingResult Plain(TrainingMethod m, TrainerOptions opts, Action<TrainingProgress> progress)
    {
        var trainer = new SegmentationTrainer(m, network, opts);
        trainer.Progress += progress;
        return trainer.Fit(train);
    }
    var two = new SemanticContrastiveTrainer(method with { PretrainSteps = o.Steps }, network, o with { Steps = o.Steps + 1 });
    string encoderPath = Path.Combine(tempFolder, "bench-encoder.mlseg");
    TrainingResult Pretrain(Action<TrainingProgress> p)
    {
        two.Progress += p;
        TrainingResult r = two.Pretrain(train, encoderPath);
        two.Progress -= p;
        return r;
    }
    Pretrain(_ => { }).Network.Dispose(); // warm-up run (JIT, allocator) and the encoder checkpoint for fine-tuning
    (string Name, Func<Action<TrainingProgress>, TrainingResult> Run)[] configurations =
    [
        ("baseline", p => Plain(new BaselineMethod(), o, p)),
        ("contrastive pretraining (stage 1)", Pretrain),
        ("fine-tuning (stage 2)", p => Plain(new PretrainedEncoderMethod(new BaselineMethod(), encoderPath), o, p)),
        ("fine-tuning, frozen encoder", p => Plain(new PretrainedEncoderMethod(new BaselineMethod(), encoderPath, freezeEncoder: true), o, p)),
        ("joint", p => Plain(new SemanticContrastiveJointMethod(method with { Schedule = ContrastiveSchedule.Joint }), o, p)),
    ];
    // rounds over all configurations in turn; the minimum of each one's medians damps other processes on the shared machine
    const int rounds = 3;
    var best = configurations.ToDictionary(c => c.Name, _ => double.PositiveInfinity);
    for (int round = 0; round < rounds; round++)
        foreach ((string name, var run) in configurations) best[name] = Math.Min(best[name], Time(run));
    double baselineMs = best["baseline"];
    Directory.Delete(tempFolder, recursive: true);
    Console.WriteLine($"time per iteration: minimum over {rounds} rounds of the median of {timed} steps (after {warmup} warm-up), batch {batchSize}, {test.Height}×{test.Width}, U-Net depth 2 width 16, CPU:");
    Console.WriteLine("| iteration | ms | × baseline |");
    Console.WriteLine("|---|---|---|");
    foreach ((string name, _) in configurations) Console.WriteLine($"| {name} | {best[name]:F1} | {best[name] / baselineMs:F2} |");
    return 0;
}
