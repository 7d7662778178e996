// Scoring benchmark (issue 4, deliverable 5): the U-Net of DESIGN.md at 256×256, batch 16, 2 intra-op threads.
// Measures images/s of (a) raw InferenceSession.Run on the scorer's own session with pre-bound input and outputs,
// (b) OnnxSegmenter on in-memory images, (c) OnnxSegmenter end to end from PNG files to mask PNGs, and (d) PyTorch
// eval (torch.no_grad) of the same model, all in this run; (a)–(c) are interleaved per repeat so that load from other
// processes hits them alike. Prints medians and the ratios scorer/raw (target ≥ 0.95), end-to-end/raw (≥ 0.85)
// and raw/PyTorch.
//
//   dotnet run -c Release --project bench/MLSegmentation.Bench.Scoring -- --quick
//   options: --quick (3 repeats × 2 batches) | --repeats N --batches N --batch N --size N --threads N --work DIR
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MLSegmentation.Onnx;
using MLSegmentation.Transforms;

var settings = Settings.Parse(args);
var repoRoot = FindRepoRoot();
var script = Path.Combine(repoRoot, "bench", "python", "export_unet.py");
var work = settings.Work ?? Path.Combine(Path.GetTempPath(), "mlseg-bench-scoring-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
Directory.CreateDirectory(work);
try
{
    Console.WriteLine($"U-Net depth 4 base 32, {settings.Size}×{settings.Size}, batch {settings.Batch}, {settings.Threads} intra-op threads, " +
                      $"{settings.Repeats} repeats × {settings.Batches} batches ({settings.Batch * settings.Batches} images per measurement)");
    Python(script, "export", work, settings);
    var model = Path.Combine(work, "unet.onnx");

    var count = settings.Batch * settings.Batches;
    var images = Enumerable.Range(0, count).Select(i => Synthetic(i, settings.Size)).ToArray();
    var imageFolder = Path.Combine(work, "images");
    var maskFolder = Path.Combine(work, "masks");
    Directory.CreateDirectory(imageFolder);
    for (var i = 0; i < count; i++)
    {
        PngFile.WriteImage(Path.Combine(imageFolder, $"img_{i:D4}.png"), images[i]);
    }

    using var segmenter = new OnnxSegmenter(model, new OnnxSegmenterOptions { BatchSize = settings.Batch, IntraOpThreads = settings.Threads });
    var plane = settings.Size * settings.Size;
    var input = new float[settings.Batch * plane];
    for (var i = 0; i < settings.Batch; i++)
    {
        ZScore(images[i].Data, input.AsSpan(i * plane, plane));
    }
    var labels = new long[settings.Batch * plane];
    using var inputValue = OrtValue.CreateTensorValueFromMemory(input, [settings.Batch, 1, settings.Size, settings.Size]);
    using var labelsValue = OrtValue.CreateTensorValueFromMemory(labels, [settings.Batch, settings.Size, settings.Size]);
    string[] inputNames = [segmenter.Model.InputName];
    OrtValue[] inputValues = [inputValue];
    string[] outputNames = [segmenter.Model.LabelsOutput!];
    OrtValue[] outputValues = [labelsValue];

    Rate Raw() => Measure(() =>
    {
        for (var b = 0; b < settings.Batches; b++)
        {
            segmenter.Session.Run(inputNames, inputValues, outputNames, outputValues);
        }
        return count;
    });

    Rate InMemory() => Measure(() => segmenter.Score(images).Count());

    Rate EndToEnd()
    {
        if (Directory.Exists(maskFolder))
        {
            Directory.Delete(maskFolder, recursive: true);
        }
        return Measure(() => segmenter.ScoreFolder(imageFolder, maskFolder));
    }

    Rate Measure(Func<int> run)
    {
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        var cpu = self.TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        var n = run();
        var wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
        self.Refresh();
        var cpuSeconds = (self.TotalProcessorTime - cpu).TotalSeconds;
        return n == count ? new Rate(n / wall, n / cpuSeconds) : throw new InvalidOperationException($"{n} results for {count} images");
    }

    // Warm-up (ORT's first run plans memory), and a check that the scorer's masks are the raw run's labels.
    segmenter.Session.Run(inputNames, inputValues, outputNames, outputValues);
    EndToEnd();
    var first = PngFile.ReadLabels(Path.Combine(maskFolder, "img_0000.png"));
    var mismatches = first.Data.Where((l, i) => l != labels[i]).Count();
    Console.WriteLine($"check: mask of img_0000 vs raw Run labels: {mismatches} of {plane} pixels differ");

    // What the end-to-end path adds per image on worker threads: PNG decoding and mask PNG encoding.
    var codecStart = Stopwatch.GetTimestamp();
    foreach (var file in Directory.GetFiles(imageFolder))
    {
        var decoded = PngFile.ReadImage(file);
        var mask = new LabelMap([settings.Size, settings.Size], [.. decoded.Data.Select(v => (int)v & 3)]);
        PngEncoder.Encode(PngImage.FromLabelMap(mask), interlaced: false, System.IO.Compression.CompressionLevel.Fastest);
    }
    Console.WriteLine($"codec: PNG decode + mask PNG encode {Stopwatch.GetElapsedTime(codecStart).TotalMilliseconds / count:F1} ms per image (one thread)");

    var raw = new List<Rate>();
    var memory = new List<Rate>();
    var e2e = new List<Rate>();
    for (var r = 0; r < settings.Repeats; r++)
    {
        raw.Add(Raw());
        memory.Add(InMemory());
        e2e.Add(EndToEnd());
        Console.WriteLine($"repeat {r + 1}: raw {raw[^1]}, scorer {memory[^1]}, end-to-end {e2e[^1]} images/s (wall, CPU)");
    }

    var torch = JsonDocument.Parse(Python(script, "time", work, settings)).RootElement;
    var torchWall = torch.GetProperty("images_per_s").EnumerateArray().Select(e => e.GetDouble()).ToList();
    var torchCpu = torch.GetProperty("images_per_cpu_s").EnumerateArray().Select(e => e.GetDouble()).ToList();
    var pytorch = torchWall.Zip(torchCpu, (w, c) => new Rate(w, c)).ToList();

    Console.WriteLine();
    Console.WriteLine("images per wall-clock second and per CPU second of the process (medians; all repeats in brackets).");
    Console.WriteLine("On a loaded machine the CPU-second figures are the steadier ones.");
    Print("(a) raw Run, pre-bound", raw);
    Print("(b) scorer, in-memory", memory);
    Print("(c) scorer, PNG → mask PNG", e2e);
    Print("(d) PyTorch eval", pytorch);
    Console.WriteLine();
    Console.WriteLine("                   wall     CPU");
    Ratio("scorer / raw", memory, raw, "(target ≥ 0.95)");
    Ratio("end-to-end / raw", e2e, raw, "(target ≥ 0.85)");
    Ratio("raw / PyTorch", raw, pytorch, "");
}
finally
{
    if (settings.Work is null)
    {
        Directory.Delete(work, recursive: true);
    }
}

static void Print(string name, List<Rate> rates) =>
    Console.WriteLine($"{name,-30} wall {Median(rates.Select(r => r.Wall)),6:F2} [{Join(rates.Select(r => r.Wall))}]   " +
                      $"CPU {Median(rates.Select(r => r.Cpu)),6:F2} [{Join(rates.Select(r => r.Cpu))}]");

static void Ratio(string name, List<Rate> a, List<Rate> b, string target) =>
    Console.WriteLine($"{name,-18} {Median(a.Select(r => r.Wall)) / Median(b.Select(r => r.Wall)),6:F3}  " +
                      $"{Median(a.Select(r => r.Cpu)) / Median(b.Select(r => r.Cpu)),6:F3}   {target}");

static string Join(IEnumerable<double> values) => string.Join(", ", values.Select(v => v.ToString("F2", CultureInfo.InvariantCulture)));

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

// The model's normalisation (mlseg.normalization = zscore), computed as the scorer does: double statistics, float result.
static void ZScore(ReadOnlySpan<float> source, Span<float> destination)
{
    double sum = 0, squares = 0;
    foreach (var v in source)
    {
        sum += v;
    }
    var mean = sum / source.Length;
    foreach (var v in source)
    {
        squares += (v - mean) * (v - mean);
    }
    var scale = 1.0 / Math.Max(Math.Sqrt(squares / source.Length), 1e-8);
    for (var i = 0; i < source.Length; i++)
    {
        destination[i] = (float)((source[i] - mean) * scale);
    }
}

static Image Synthetic(int seed, int size)
{
    var random = new Random(seed);
    var data = new float[size * size];
    double fx = random.NextDouble() * 0.2 + 0.05, fy = random.NextDouble() * 0.2 + 0.05;
    for (var y = 0; y < size; y++)
    {
        for (var x = 0; x < size; x++)
        {
            data[y * size + x] = MathF.Round((float)Math.Clamp(128 + 80 * Math.Sin(x * fx) * Math.Cos(y * fy) + random.Next(-20, 20), 0, 255));
        }
    }
    return new Image(1, [size, size], data);
}

static string Python(string script, string mode, string work, Settings s)
{
    var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in new[] { script, mode, "--out", work, "--size", s.Size.ToString(CultureInfo.InvariantCulture),
                 "--batch", s.Batch.ToString(CultureInfo.InvariantCulture), "--batches", s.Batches.ToString(CultureInfo.InvariantCulture),
                 "--repeats", s.Repeats.ToString(CultureInfo.InvariantCulture), "--threads", s.Threads.ToString(CultureInfo.InvariantCulture) })
    {
        start.ArgumentList.Add(a);
    }
    using var process = Process.Start(start)!;
    var stdout = process.StandardOutput.ReadToEndAsync();
    var stderr = process.StandardError.ReadToEndAsync();
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{script} {mode} failed:\n{stderr.Result}");
    }
    return stdout.Result.Trim().Split('\n')[^1];
}

static string FindRepoRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "MLSegmentation.sln")))
        {
            return dir.FullName;
        }
    }
    throw new InvalidOperationException("Cannot find the repository root (MLSegmentation.sln) above " + AppContext.BaseDirectory);
}

internal readonly record struct Rate(double Wall, double Cpu)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Wall:F2}/{Cpu:F2}");
}

internal sealed record Settings(int Repeats, int Batches, int Batch, int Size, int Threads, string? Work)
{
    public static Settings Parse(string[] args)
    {
        var s = new Settings(5, 3, 16, 256, 2, null);
        for (var i = 0; i < args.Length; i++)
        {
            int Next() => int.Parse(args[++i], CultureInfo.InvariantCulture);
            s = args[i] switch
            {
                "--quick" => s with { Repeats = 3, Batches = 2 },
                "--repeats" => s with { Repeats = Next() },
                "--batches" => s with { Batches = Next() },
                "--batch" => s with { Batch = Next() },
                "--size" => s with { Size = Next() },
                "--threads" => s with { Threads = Next() },
                "--work" => s with { Work = args[++i] },
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'."),
            };
        }
        return s;
    }
}
