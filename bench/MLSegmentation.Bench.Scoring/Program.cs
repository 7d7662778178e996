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

    double Raw()
    {
        var start = Stopwatch.GetTimestamp();
        for (var b = 0; b < settings.Batches; b++)
        {
            segmenter.Session.Run(inputNames, inputValues, outputNames, outputValues);
        }
        return count / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    double InMemory()
    {
        var start = Stopwatch.GetTimestamp();
        var n = segmenter.Score(images).Count();
        var rate = n / Stopwatch.GetElapsedTime(start).TotalSeconds;
        return n == count ? rate : throw new InvalidOperationException($"{n} results for {count} images");
    }

    double EndToEnd()
    {
        if (Directory.Exists(maskFolder))
        {
            Directory.Delete(maskFolder, recursive: true);
        }
        var start = Stopwatch.GetTimestamp();
        var n = segmenter.ScoreFolder(imageFolder, maskFolder);
        var rate = n / Stopwatch.GetElapsedTime(start).TotalSeconds;
        return n == count ? rate : throw new InvalidOperationException($"{n} masks for {count} images");
    }

    // Warm-up (ORT's first run plans memory), and a check that the scorer's masks are the raw run's labels.
    segmenter.Session.Run(inputNames, inputValues, outputNames, outputValues);
    EndToEnd();
    var first = PngFile.ReadLabels(Path.Combine(maskFolder, "img_0000.png"));
    var mismatches = first.Data.Where((l, i) => l != labels[i]).Count();
    Console.WriteLine($"check: mask of img_0000 vs raw Run labels: {mismatches} of {plane} pixels differ");

    var raw = new List<double>();
    var memory = new List<double>();
    var e2e = new List<double>();
    for (var r = 0; r < settings.Repeats; r++)
    {
        raw.Add(Raw());
        memory.Add(InMemory());
        e2e.Add(EndToEnd());
        Console.WriteLine($"repeat {r + 1}: raw {raw[^1]:F2}, scorer {memory[^1]:F2}, end-to-end {e2e[^1]:F2} images/s");
    }

    var torch = JsonDocument.Parse(Python(script, "time", work, settings)).RootElement;
    var pytorch = torch.GetProperty("median").GetDouble();
    var torchRates = torch.GetProperty("images_per_s").EnumerateArray().Select(e => e.GetDouble()).ToList();

    Console.WriteLine();
    Console.WriteLine("images/s (median of repeats; all repeats in brackets)");
    Print("(a) raw Run, pre-bound", raw);
    Print("(b) scorer, in-memory", memory);
    Print("(c) scorer, PNG → mask PNG", e2e);
    Print("(d) PyTorch eval", torchRates);
    Console.WriteLine();
    Console.WriteLine($"scorer / raw       {Median(memory) / Median(raw):F3}   (target ≥ 0.95)");
    Console.WriteLine($"end-to-end / raw   {Median(e2e) / Median(raw):F3}   (target ≥ 0.85)");
    Console.WriteLine($"raw / PyTorch      {Median(raw) / pytorch:F3}");
}
finally
{
    if (settings.Work is null)
    {
        Directory.Delete(work, recursive: true);
    }
}

static void Print(string name, List<double> rates) =>
    Console.WriteLine($"{name,-30} {Median(rates),8:F2}   [{string.Join(", ", rates.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))}]");

static double Median(List<double> values)
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
