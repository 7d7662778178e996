// Throughput of the data pipeline alone (PNG decode + flip, rotation, scaling + batching to tensors) at
// 128×128 with background workers, against what a training step consumes on this machine.
// Usage: dotnet run -c Release --project bench/MLSegmentation.Bench.Pipeline [-- --images 256 --workers 2 --batch 8 --epochs 3 --consume 7.5]
// Runs 1 worker, then the requested count; prints images/s, CPU per image and the ratio to training consumption.
using System.Diagnostics;
using System.Globalization;
using MLSegmentation.Transforms;

int images = Arg("--images", 256), workers = Arg("--workers", 2), batch = Arg("--batch", 8), epochs = Arg("--epochs", 3);

// Training consumption anchors (DESIGN.md): the 7.7 M-parameter U-Net, batch 8 at 128×128, 2 threads.
const double EagerTraining = 5.4;   // images/s, fp32 (PyTorch eager 5.4–5.7; the engine's target is to match it)
const double Bf16Training = 9.3;    // images/s with bf16 autocast

string dir = Path.Combine(Path.GetTempPath(), "mlseg-bench-pipeline", $"{images}x128");
if (!File.Exists(Path.Combine(dir, "done")))
{
    Console.WriteLine($"Writing {images} RGB PNG images and masks (128×128) to {dir} …");
    var generator = new SyntheticDatasetGenerator(new SyntheticOptions { Height = 128, Width = 128 }, seed: 1);
    Directory.CreateDirectory(Path.Combine(dir, "images"));
    Directory.CreateDirectory(Path.Combine(dir, "masks"));
    Parallel.For(0, images, i =>
    {
        SyntheticSample s = generator.Generate(i);
        var rgb = new float[3 * s.Image.VoxelCount];
        for (int p = 0; p < s.Image.VoxelCount; p++)
        {
            float v = s.Image.Data[p];
            rgb[p] = v;
            rgb[s.Image.VoxelCount + p] = MathF.Round(0.8f * v + 20);
            rgb[2 * s.Image.VoxelCount + p] = 255 - v;
        }

        string name = string.Create(CultureInfo.InvariantCulture, $"case_{i:D5}.png");
        PngFile.WriteImage(Path.Combine(dir, "images", name), new Image(3, s.Image.Size, rgb));
        PngFile.WriteLabels(Path.Combine(dir, "masks", name), s.Labels);
    });
    File.WriteAllLines(Path.Combine(dir, "classes.txt"), generator.ClassNames);
    File.WriteAllText(Path.Combine(dir, "done"), "");
}

FileSegmentationDataset dataset = FolderDataset.Open(dir);
var augmentation = new TransformPipeline(7,
    new RandomFlip(0), new RandomFlip(1), new RandomRotation(15), new RandomScaling(0.85, 1.15), new ZScoreNormalization());

double consumeOverride = ArgDouble("--consume", 0);
double[] anchors = consumeOverride > 0 ? [consumeOverride] : [EagerTraining, Bf16Training];
int[] workerCounts = workers == 1 ? [1] : [1, workers];
double best = 0;
foreach (int w in workerCounts)
{
    var loader = new BatchLoader(dataset, new BatchLoaderOptions { BatchSize = batch, Seed = 3, Workers = w }, augmentation);
    long steps = (long)loader.StepsPerEpoch * epochs;

    // Warm-up: JIT, libtorch load, file cache.
    using (BatchFeed warm = loader.Start(0, Math.Min(steps, 4)))
    {
        foreach (Batch b in warm)
        {
            b.Dispose();
        }
    }

    var process = Process.GetCurrentProcess();
    TimeSpan cpu0 = process.TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    long seen = 0;
    using (BatchFeed feed = loader.Start(0, steps))
    {
        while (feed.Next() is Batch b)
        {
            seen += b.Count;
            b.Dispose();
        }
    }

    double seconds = clock.Elapsed.TotalSeconds;
    process.Refresh();
    double cpuSeconds = (process.TotalProcessorTime - cpu0).TotalSeconds;
    double rate = seen / seconds;
    double cpuPerImage = cpuSeconds / seen;
    best = Math.Max(best, rate);

    Console.WriteLine();
    Console.WriteLine($"Pipeline alone, {w} worker(s): {seen} images ({steps} batches of {batch}, {epochs} epochs of {dataset.Count}) in {seconds:F2} s");
    Console.WriteLine($"  PNG decode + flips/rotation/scaling + z-score + batch tensors at 128×128: {rate:F1} images/s");
    Console.WriteLine($"  CPU time per image: {1000 * cpuPerImage:F2} ms ({cpuSeconds:F2} CPU-s over {seconds:F2} s wall; load average now {LoadAverage()})");
    foreach (double consume in anchors)
    {
        Console.WriteLine($"  against training at {consume,4:F1} images/s: pipeline/consumption = {rate / consume:F1}×; " +
            $"feeding it costs {100 * cpuPerImage * consume / Environment.ProcessorCount:F1} % of the machine's {Environment.ProcessorCount} cores");
    }
}

// Where the CPU goes, one thread: decoding (PNG image + mask, checks) against augmentation.
{
    int n = Math.Min(dataset.Count, 128);
    var decode = Stopwatch.StartNew();
    var decoded = new SegmentationSample[n];
    for (int i = 0; i < n; i++)
    {
        decoded[i] = dataset.Load(i);
    }

    double decodeMs = decode.Elapsed.TotalMilliseconds / n;
    var augment = Stopwatch.StartNew();
    for (int i = 0; i < n; i++)
    {
        augmentation.Apply(decoded[i], i);
    }

    double augmentMs = augment.Elapsed.TotalMilliseconds / n;
    Console.WriteLine();
    Console.WriteLine($"Per image on one thread (wall, under the current load): decode {decodeMs:F2} ms, augmentation {augmentMs:F2} ms");
}

Console.WriteLine();
Console.WriteLine("Training consumption: DESIGN.md anchors for the U-Net of 7.7 M parameters, batch 8 at 128×128, 2 threads:");
Console.WriteLine($"  fp32 (PyTorch eager, the engine's target) {EagerTraining} images/s, bf16 autocast {Bf16Training} images/s (override: --consume <images/s>).");
Console.WriteLine(best > anchors.Max()
    ? "In steady state the trainer does not wait on decoding: the pipeline outruns the fastest training step."
    : "WARNING: the pipeline is slower than training consumes; the trainer would wait on data.");

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

double ArgDouble(string name, double fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? double.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

int Arg(string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
