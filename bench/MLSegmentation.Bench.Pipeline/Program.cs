// Throughput of the data pipeline alone (PNG decode + flip, rotation, scaling + batching to tensors) at
// 128×128 with background workers, against what a training step consumes on this machine.
// Usage: dotnet run -c Release --project bench/MLSegmentation.Bench.Pipeline [-- --images 256 --workers 2 --batch 8 --epochs 3]
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

var options = new BatchLoaderOptions { BatchSize = batch, Seed = 3, Workers = workers };
var loader = new BatchLoader(dataset, options, augmentation);
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
double waited = 0;
using (BatchFeed feed = loader.Start(0, steps))
{
    var wait = new Stopwatch();
    while (true)
    {
        wait.Restart();
        Batch? b = feed.Next();
        waited += wait.Elapsed.TotalSeconds;
        if (b is null)
        {
            break;
        }

        seen += b.Count;
        b.Dispose();
    }
}

double seconds = clock.Elapsed.TotalSeconds;
process.Refresh();
double cpuSeconds = (process.TotalProcessorTime - cpu0).TotalSeconds;
double rate = seen / seconds;
double cpuPerImage = cpuSeconds / seen;

Console.WriteLine();
Console.WriteLine($"Pipeline alone: {seen} images ({steps} batches of {batch}, {epochs} epochs of {dataset.Count}) in {seconds:F2} s with {workers} worker(s)");
Console.WriteLine($"  PNG decode + flip/rotation/scaling + z-score + batch tensors at 128×128: {rate:F1} images/s");
Console.WriteLine($"  CPU time per image: {1000 * cpuPerImage:F2} ms ({cpuSeconds:F2} CPU-s over {seconds:F2} s wall; machine load matters: 2 shared cores)");
Console.WriteLine();
Console.WriteLine("Against what training consumes (DESIGN.md anchors, U-Net 7.7 M params, batch 8 at 128×128, 2 threads):");
foreach ((string what, double consume) in new[] { ("fp32 training", EagerTraining), ("bf16 autocast training", Bf16Training) })
{
    Console.WriteLine($"  {what,-24} {consume,4:F1} images/s: pipeline/consumption = {rate / consume:F1}×; " +
        $"feeding it costs {100 * cpuPerImage * consume / Environment.ProcessorCount:F1} % of the machine's {Environment.ProcessorCount} cores");
}

Console.WriteLine();
Console.WriteLine(rate > Bf16Training
    ? "In steady state the trainer does not wait on decoding: the pipeline outruns the fastest training step."
    : "WARNING: the pipeline is slower than training consumes; the trainer would wait on data.");

int Arg(string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
