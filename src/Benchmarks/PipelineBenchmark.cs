using System.Diagnostics;
using System.Globalization;
using MLSegmentation.Transforms;

namespace MLSegmentation.Benchmarks;

/// <summary>
/// Throughput of the data pipeline alone (PNG decode + flip, rotation, scaling, z-score + batching to tensors) with
/// one and with several background workers, against what a training step consumes: DESIGN.md's anchors for the
/// 7.7 M-parameter U-Net, batch 8 at 128×128 on 2 threads (fp32 5.4 images/s, bf16 autocast 9.3 images/s).
/// </summary>
public sealed class PipelineBenchmark(PipelineBenchmarkOptions options)
{
    /// <summary>DESIGN.md's fp32 training consumption (PyTorch eager, the engine's target), images/s.</summary>
    public const double EagerTraining = 5.4;

    /// <summary>DESIGN.md's bf16 autocast training consumption, images/s.</summary>
    public const double Bf16Training = 9.3;

    /// <summary>Measures; <paramref name="log"/> receives a line per stage.</summary>
    public BenchmarkResult Run(Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach ((int value, string name) in new[] { (options.Images, "images"), (options.Size, "size"), (options.Workers, "workers"), (options.Batch, "batch"), (options.Epochs, "epochs") })
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, name);
        log ??= _ => { };
        var result = new BenchmarkResult("pipeline");
        FileSegmentationDataset dataset = FolderDataset.Open(WriteImages(log));
        var augmentation = new TransformPipeline(7,
            new RandomFlip(0), new RandomFlip(1), new RandomRotation(15), new RandomScaling(0.85, 1.15), new NormalizeIntensity(InputNormalization.ZScore));
        (string Name, double Rate)[] anchors = options.Consume is double consume
            ? [("given consumption", consume)]
            : [("fp32 training (anchor 5.4)", EagerTraining), ("bf16 training (anchor 9.3)", Bf16Training)];
        if (options.Size != 128) result.Notes.Add(Invariant($"images of {options.Size}×{options.Size}; the training anchors are for 128×128"));
        foreach (int workers in options.Workers == 1 ? new[] { 1 } : [1, options.Workers])
        {
            string name = Invariant($"pipeline, {workers} worker(s)");
            result.Measurements.Add(new BenchmarkMeasurement(name, "images/s", MeasureLoader(dataset, augmentation, workers, log)));
            foreach ((string anchor, double rate) in anchors)
                result.Ratios.Add(new BenchmarkRatio(Invariant($"{name} / {anchor}"), result.Measurements[^1].Median / rate, "> 1"));
        }
        LogWhereTheTimeGoes(dataset, augmentation, log);
        return result;
    }

    // One window per epoch, so that the median is over windows as in the other suites.
    private List<double> MeasureLoader(FileSegmentationDataset dataset, TransformPipeline augmentation, int workers, Action<string> log)
    {
        var loader = new BatchLoader(dataset, new BatchLoaderOptions { BatchSize = options.Batch, Seed = 3, Workers = workers }, augmentation);
        using (BatchFeed warm = loader.Start(0, Math.Min(loader.StepsPerEpoch, 4))) // JIT, file cache
        {
            _ = warm.Count();
        }
        var rates = new List<double>();
        using var process = Process.GetCurrentProcess();
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            process.Refresh();
            TimeSpan cpu0 = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            long seen = 0;
            using (BatchFeed feed = loader.Start((long)epoch * loader.StepsPerEpoch, loader.StepsPerEpoch))
            {
                while (feed.Next() is Batch b)
                {
                    seen += b.Count;
                }
            }
            double seconds = clock.Elapsed.TotalSeconds;
            process.Refresh();
            double cpuSeconds = (process.TotalProcessorTime - cpu0).TotalSeconds;
            rates.Add(seen / seconds);
            log(Invariant($"  {workers} worker(s), epoch {epoch + 1}: {seen} images in {seconds:F2} s = {rates[^1]:F1} images/s, {1000 * cpuSeconds / seen:F2} ms CPU per image"));
        }
        return rates;
    }

    // Where the CPU goes, one thread: decoding (PNG image + mask, checks) against augmentation.
    private static void LogWhereTheTimeGoes(FileSegmentationDataset dataset, TransformPipeline augmentation, Action<string> log)
    {
        int n = Math.Min(dataset.Count, 128);
        var decode = Stopwatch.StartNew();
        var decoded = new SegmentationSample[n];
        for (int i = 0; i < n; i++) decoded[i] = dataset.Load(i);
        double decodeMs = decode.Elapsed.TotalMilliseconds / n;
        var augment = Stopwatch.StartNew();
        for (int i = 0; i < n; i++) augmentation.Apply(decoded[i], i);
        log(Invariant($"  per image on one thread: decode {decodeMs:F2} ms, augmentation {augment.Elapsed.TotalMilliseconds / n:F2} ms"));
    }

    private string WriteImages(Action<string> log)
    {
        string dir = Path.Combine(Path.GetTempPath(), "mlseg-bench-pipeline", Invariant($"{options.Images}x{options.Size}"));
        if (File.Exists(Path.Combine(dir, "done"))) return dir;
        log(Invariant($"pipeline: writing {options.Images} RGB PNG images and masks ({options.Size}×{options.Size}) to {dir}"));
        var generator = new SyntheticDatasetGenerator(new SyntheticOptions { Height = options.Size, Width = options.Size }, seed: 1);
        Directory.CreateDirectory(Path.Combine(dir, "images"));
        Directory.CreateDirectory(Path.Combine(dir, "masks"));
        Parallel.For(0, options.Images, i =>
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
            string name = Invariant($"case_{i:D5}.png");
            PngFile.WriteImage(Path.Combine(dir, "images", name), new Image(3, s.Image.Size, rgb));
            PngFile.WriteLabels(Path.Combine(dir, "masks", name), s.Labels);
        });
        File.WriteAllLines(Path.Combine(dir, "classes.txt"), generator.ClassNames);
        File.WriteAllText(Path.Combine(dir, "done"), "");
        return dir;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
