using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Transforms.Image;
using MLSegmentation.Onnx;
using MLSegmentation.Transforms;

namespace MLSegmentation.Benchmarks;

/// <summary>
/// Scoring throughput (issue 4, deliverable 5) of DESIGN.md's U-Net exported by PyTorch: (a) raw
/// <c>InferenceSession.Run</c> on the scorer's own session with pre-bound input and outputs, (b) <see cref="OnnxSegmenter"/>
/// on in-memory images, (c) <see cref="OnnxSegmenter"/> end to end from PNG files to mask PNGs, and (d) PyTorch eval of
/// the same model, (e) <see cref="SegmentationTransformer"/> over an ML.NET <c>IDataView</c> of the PNG files, and (f) ML.NET's
/// own <c>LoadImages</c> → <c>ResizeImages</c> → <c>ExtractPixels</c> → <c>ApplyOnnxModel</c> (one row per run, at a fixed shape) on the same
/// files, all in one run; (a)–(c), (e) and (f) are interleaved per repeat so that load from other processes hits them alike.
/// Images per wall-clock second and per CPU second of the process; on a loaded machine the CPU figures are the steadier.
/// </summary>
public sealed class ScoringBenchmark(ScoringBenchmarkOptions options)
{
    /// <summary>Measures; the whole suite is skipped, with a note, when Python cannot export the model.</summary>
    public BenchmarkResult Run(Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach ((int value, string name) in new[] { (options.Repeats, "repeats"), (options.Batches, "batches"), (options.Batch, "batch"), (options.Size, "size") })
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, name);
        log ??= _ => { };
        var result = new BenchmarkResult("scoring");
        using PythonTorch? python = PythonTorch.Find(options.Python, ["torch", "onnx"], out string? missing);
        if (python is null)
        {
            result.Notes.Add($"scoring skipped: the model is exported by PyTorch, and {missing}");
            return result;
        }
        string work = options.Work ?? Directory.CreateTempSubdirectory("mlseg-bench-scoring-").FullName;
        Directory.CreateDirectory(work);
        try
        {
            Measure(python, work, result, log);
        }
        finally
        {
            if (options.Work is null) Directory.Delete(work, recursive: true);
        }
        return result;
    }

    private void Measure(PythonTorch python, string work, BenchmarkResult result, Action<string> log)
    {
        int count = options.Batch * options.Batches, plane = options.Size * options.Size;
        log(Invariant($"scoring: U-Net depth 4 base 32, {options.Size}×{options.Size}, batch {options.Batch}, {options.Threads} intra-op threads, {options.Repeats} repeats × {options.Batches} batches ({count} images per measurement)"));
        Python(python, "export", work);
        Image[] images = [.. Enumerable.Range(0, count).Select(i => Synthetic(i, options.Size))];
        string imageFolder = Path.Combine(work, "images"), maskFolder = Path.Combine(work, "masks");
        Directory.CreateDirectory(imageFolder);
        for (int i = 0; i < count; i++) PngFile.WriteImage(Path.Combine(imageFolder, Invariant($"img_{i:D4}.png")), images[i]);

        using var segmenter = new OnnxSegmenter(Path.Combine(work, "unet.onnx"), new OnnxSegmenterOptions { BatchSize = options.Batch, IntraOpThreads = options.Threads });
        var input = new float[options.Batch * plane];
        for (int i = 0; i < options.Batch; i++) ZScore(images[i].Data, input.AsSpan(i * plane, plane));
        var labels = new long[options.Batch * plane];
        using var inputValue = OrtValue.CreateTensorValueFromMemory(input, [options.Batch, 1, options.Size, options.Size]);
        using var labelsValue = OrtValue.CreateTensorValueFromMemory(labels, [options.Batch, options.Size, options.Size]);
        string[] inputNames = [segmenter.Model.InputName], outputNames = [segmenter.Model.LabelsOutput!];
        OrtValue[] inputValues = [inputValue], outputValues = [labelsValue];
        using var runOptions = new RunOptions();

        int Raw()
        {
            for (int b = 0; b < options.Batches; b++) segmenter.Session.Run(runOptions, inputNames, inputValues, outputNames, outputValues);
            return count;
        }

        int EndToEnd()
        {
            if (Directory.Exists(maskFolder)) Directory.Delete(maskFolder, recursive: true);
            return segmenter.ScoreFolder(imageFolder, maskFolder);
        }

        // Warm-up (ORT's first run plans memory), and a check that the scorer's masks are the raw run's labels.
        Raw();
        EndToEnd();
        LabelMap first = PngFile.ReadLabels(Path.Combine(maskFolder, "img_0000.png"));
        int mismatches = first.Data.Where((l, i) => l != labels[i]).Count();
        log(Invariant($"  check: mask of img_0000 vs raw Run labels: {mismatches} of {plane} pixels differ"));
        if (mismatches != 0) result.Notes.Add(Invariant($"the scorer's mask of img_0000 differs from the raw run's labels in {mismatches} pixels"));

        // What the end-to-end path adds per image on worker threads: PNG decoding and mask PNG encoding.
        long codecStart = Stopwatch.GetTimestamp();
        foreach (string file in Directory.GetFiles(imageFolder))
        {
            Image decoded = PngFile.ReadImage(file);
            var mask = new LabelMap([options.Size, options.Size], [.. decoded.Data.Select(v => (int)v & 3)]);
            PngEncoder.Encode(PngImage.FromLabelMap(mask), System.IO.Compression.CompressionLevel.Fastest);
        }
        log(Invariant($"  codec: PNG decode + mask PNG encode {Stopwatch.GetElapsedTime(codecStart).TotalMilliseconds / count:F1} ms per image (one thread)"));

        var mlContext = new MLContext(seed: 1);
        IDataView files = mlContext.Data.LoadFromEnumerable(Directory.GetFiles(imageFolder).Order(StringComparer.Ordinal).Select(f => new ImageRow { Image = f }));
        using var transformer = new SegmentationTransformer(mlContext, Path.Combine(work, "unet.onnx"), new SegmentationTransformerOptions
        {
            Scoring = new OnnxSegmenterOptions { BatchSize = options.Batch, IntraOpThreads = options.Threads },
        });
        // Stock ML.NET has no per-image z-score, so (f) feeds raw pixels: a timing peer only (its masks are not compared).
        var applyOnnx = mlContext.Transforms.LoadImages("Image", null, "Image")
            .Append(mlContext.Transforms.ResizeImages("Image", options.Size, options.Size))
            .Append(mlContext.Transforms.ExtractPixels("image", "Image", ImagePixelExtractingEstimator.ColorBits.Red))
            .Append(mlContext.Transforms.ApplyOnnxModel(["labels"], ["image"], Path.Combine(work, "unet.onnx"),
                new Dictionary<string, int[]> { ["image"] = [1, 1, options.Size, options.Size] }, gpuDeviceId: null, fallbackToCpu: false))
            .Fit(files);

        int Transformer() => Count<VBuffer<uint>>(transformer.Transform(files), SegmentationColumnNames.PredictedLabel);

        int ApplyOnnxModel() => Count<VBuffer<long>>(applyOnnx.Transform(files), "labels");

        int transformed = Transformer();
        uint[] firstRow = transformer.Transform(files).GetColumn<VBuffer<uint>>(SegmentationColumnNames.PredictedLabel).First().DenseValues().ToArray();
        int transformerMismatches = firstRow.Where((l, i) => l != labels[i]).Count();
        log(Invariant($"  check: SegmentationTransformer's mask of img_0000 vs raw Run labels: {transformerMismatches} of {plane} pixels differ ({transformed} rows)"));
        if (transformerMismatches != 0) result.Notes.Add(Invariant($"the transformer's mask of img_0000 differs from the raw run's labels in {transformerMismatches} pixels"));
        ApplyOnnxModel();

        var raw = new List<Rate>();
        var memory = new List<Rate>();
        var e2e = new List<Rate>();
        var mlnet = new List<Rate>();
        var stock = new List<Rate>();
        for (int r = 0; r < options.Repeats; r++)
        {
            raw.Add(Time(Raw, count));
            memory.Add(Time(() => segmenter.Score(images).Count(), count));
            e2e.Add(Time(EndToEnd, count));
            mlnet.Add(Time(Transformer, count));
            stock.Add(Time(ApplyOnnxModel, count));
            log(Invariant($"  repeat {r + 1}: raw {raw[^1]}, scorer {memory[^1]}, end-to-end {e2e[^1]}, transformer {mlnet[^1]}, ApplyOnnxModel {stock[^1]} images/s (wall/CPU)"));
        }
        JsonElement torch = JsonDocument.Parse(Python(python, "time", work)).RootElement;
        List<Rate> pytorch = [.. torch.GetProperty("images_per_s").EnumerateArray().Zip(torch.GetProperty("images_per_cpu_s").EnumerateArray(),
            (w, c) => new Rate(w.GetDouble(), c.GetDouble()))];

        foreach ((string name, List<Rate> rates) in new[] { ("(a) raw Run, pre-bound", raw), ("(b) scorer, in-memory", memory), ("(c) scorer, PNG → mask PNG", e2e), ("(d) PyTorch eval", pytorch),
            ("(e) SegmentationTransformer, PNG paths", mlnet), ("(f) ApplyOnnxModel, LoadImages + ResizeImages + ExtractPixels", stock) })
        {
            result.Measurements.Add(new BenchmarkMeasurement(name + ", wall", "images/s", [.. rates.Select(r => r.Wall)]));
            result.Measurements.Add(new BenchmarkMeasurement(name + ", CPU", "images/CPU-s", [.. rates.Select(r => r.Cpu)]));
        }
        foreach (string clock in new[] { "wall", "CPU" })
        {
            result.AddRatio($"scorer / raw ({clock})", $"(b) scorer, in-memory, {clock}", $"(a) raw Run, pre-bound, {clock}", "≥ 0.95");
            result.AddRatio($"end-to-end / raw ({clock})", $"(c) scorer, PNG → mask PNG, {clock}", $"(a) raw Run, pre-bound, {clock}", "≥ 0.85");
            result.AddRatio($"raw / PyTorch ({clock})", $"(a) raw Run, pre-bound, {clock}", $"(d) PyTorch eval, {clock}");
            result.AddRatio($"transformer / raw ({clock})", $"(e) SegmentationTransformer, PNG paths, {clock}", $"(a) raw Run, pre-bound, {clock}", "≥ 0.95");
            result.AddRatio($"transformer / ApplyOnnxModel ({clock})", $"(e) SegmentationTransformer, PNG paths, {clock}", $"(f) ApplyOnnxModel, LoadImages + ResizeImages + ExtractPixels, {clock}", "> 1");
        }
    }

    private static int Count<T>(IDataView scored, string column)
    {
        using DataViewRowCursor cursor = scored.GetRowCursor([scored.Schema[column]]);
        ValueGetter<T> getter = cursor.GetGetter<T>(scored.Schema[column]);
        T value = default!;
        int rows = 0;
        while (cursor.MoveNext())
        {
            getter(ref value);
            rows++;
        }
        return rows;
    }

    private sealed class ImageRow
    {
        public string Image { get; set; } = "";
    }

    private readonly record struct Rate(double Wall, double Cpu)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Wall:F2}/{Cpu:F2}");
    }

    private static Rate Time(Func<int> run, int count)
    {
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        TimeSpan cpu = self.TotalProcessorTime;
        long start = Stopwatch.GetTimestamp();
        int n = run();
        double wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
        self.Refresh();
        double cpuSeconds = (self.TotalProcessorTime - cpu).TotalSeconds;
        return n == count ? new Rate(n / wall, n / cpuSeconds) : throw new InvalidOperationException($"{n} results for {count} images");
    }

    // The model's normalisation (mlseg.normalization = zscore), computed as the scorer does: double statistics, float result.
    private static void ZScore(ReadOnlySpan<float> source, Span<float> destination)
    {
        double sum = 0, squares = 0;
        foreach (float v in source) sum += v;
        double mean = sum / source.Length;
        foreach (float v in source) squares += (v - mean) * (v - mean);
        double scale = 1.0 / Math.Max(Math.Sqrt(squares / source.Length), 1e-8);
        for (int i = 0; i < source.Length; i++) destination[i] = (float)((source[i] - mean) * scale);
    }

    private static Image Synthetic(int seed, int size)
    {
        var random = new Random(seed);
        var data = new float[size * size];
        double fx = random.NextDouble() * 0.2 + 0.05, fy = random.NextDouble() * 0.2 + 0.05;
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
                data[y * size + x] = MathF.Round((float)Math.Clamp(128 + 80 * Math.Sin(x * fx) * Math.Cos(y * fy) + random.Next(-20, 20), 0, 255));
        }
        return new Image(1, [size, size], data);
    }

    private string Python(PythonTorch python, string mode, string work) => python.Run("export_unet.py",
    [
        mode, "--out", work, "--size", Invariant($"{options.Size}"), "--batch", Invariant($"{options.Batch}"),
        "--batches", Invariant($"{options.Batches}"), "--repeats", Invariant($"{options.Repeats}"), "--threads", Invariant($"{options.Threads}"),
    ])[^1];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
