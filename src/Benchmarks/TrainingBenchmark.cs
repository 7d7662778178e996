using Microsoft.ML.OnnxRuntime;
using MLSegmentation.Networks;
using MLSegmentation.Onnx;
using MLSegmentation.Trainers.Estimators;
using MLSegmentation.Trainers.Engine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Losses;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Trainers.Training;
using F = TorchSharp.torch.nn.functional;

namespace MLSegmentation.Benchmarks;

/// <summary>
/// Training throughput of the engine against PyTorch on the same model, data and machine, in one run: DESIGN.md's
/// U-Net (depth 4, base 32, BatchNorm), Adam, cross-entropy, and the same step driven by <see cref="SegmentationTrainer"/>
/// (the loop's overhead). Rounds alternate between the engines so that machine noise hits both; medians are compared.
/// Rates are also given in GFLOP/s (<see cref="UNetFlops"/>) and as a share of the machine's best fp32 rate in the same run:
/// ONNX Runtime's inference on the same U-Net exported by the project.
/// </summary>
public sealed class TrainingBenchmark(TrainingBenchmarkOptions options)
{
    private const int Classes = 4;
    private const string OnnxRuntimeInference = "ONNX Runtime fp32 inference";

    /// <summary>Measures; <paramref name="log"/> receives a line per stage. PyTorch ratios are left out, with a note, when PyTorch is missing.</summary>
    public BenchmarkResult Run(Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Warmup, 1, "warm-up steps"); // the loop's first window starts at a progress event
        foreach ((int value, string name) in new[] { (options.Steps, "steps"), (options.Repeats, "repeats"), (options.Rounds, "rounds"), (options.Batch, "batch") })
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, name);
        log ??= _ => { };
        var result = new BenchmarkResult("training");
        torch.set_num_threads(options.Threads);
        log(Invariant($"training: U-Net depth {options.Depth}, base {options.BaseWidth}, BatchNorm; batch {options.Batch} at {options.Size}×{options.Size}; Adam; {options.Threads} threads; {options.Rounds} rounds × {options.Repeats} windows of {options.Steps} steps"));
        using PythonTorch? python = PythonTorch.Find(options.Python, ["torch"], out string? missing);
        if (python is null) result.Notes.Add($"PyTorch ratios skipped: {missing}");
        var samples = new Dictionary<string, List<double>>();
        byte[] onnx = ExportedNetwork();
        for (int round = 0; round < options.Rounds; round++)
        {
            foreach (string precision in options.Precisions)
            {
                bool bf16 = precision == "bf16";
                Add(samples, $"C# {precision}", MeasureEngine(bf16), log);
                Add(samples, $"C# loop {precision}", MeasureLoop(bf16), log);
            }
            if (python is not null)
            {
                foreach ((string precision, string layout, List<double> rates) in MeasurePyTorch(python))
                    Add(samples, $"PyTorch {layout} {precision}", rates, log);
            }
            Add(samples, OnnxRuntimeInference, MeasureOnnxRuntime(onnx), log);
        }
        double training = UNetFlops.TrainingStep(Network, options.Size), inference = UNetFlops.Forward(Network, options.Size);
        foreach ((string name, List<double> rates) in samples)
            result.Measurements.Add(new BenchmarkMeasurement(name, "images/s", rates, name == OnnxRuntimeInference ? inference : training));
        result.AddRatio("fp32: C# training loop / PyTorch NCHW", "C# loop fp32", "PyTorch nchw fp32", "≥ 1.3");
        result.AddRatio("fp32: C# training loop / PyTorch channels-last", "C# loop fp32", "PyTorch nhwc fp32", "≥ 1.3");
        result.AddRatio("bf16 autocast: C# training loop / PyTorch NCHW bf16 autocast", "C# loop bf16", "PyTorch nchw bf16", "≥ 1.3");
        result.AddRatio("bf16 autocast: C# training loop / PyTorch channels-last bf16 autocast", "C# loop bf16", "PyTorch nhwc bf16", "≥ 1.3");
        result.AddRatio("fp32: SegmentationTrainer loop / engine-only step", "C# loop fp32", "C# fp32", "≥ 0.97");
        foreach (string precision in options.Precisions)
            result.AddGigaflopsRatio($"GFLOP/s share: C# training loop {precision} / ONNX Runtime fp32 inference", $"C# loop {precision}", OnnxRuntimeInference);
        return result;
    }

    private UNetOptions Network => new() { InputChannels = 1, Classes = Classes, Depth = options.Depth, BaseWidth = options.BaseWidth };

    private static void Add(Dictionary<string, List<double>> samples, string key, IEnumerable<double> rates, Action<string> log)
    {
        if (!samples.TryGetValue(key, out List<double>? list)) samples[key] = list = [];
        list.AddRange(rates);
        log(Invariant($"  {key}: {string.Join(" ", list.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))} images/s"));
    }

    private List<double> MeasureEngine(bool bf16)
    {
        torch.manual_seed(0);
        using var net = new UNet(Network);
        using var optimizer = torch.optim.Adam(net.parameters(), lr: 1e-3);
        using var x = torch.randn(options.Batch, 1, options.Size, options.Size);
        using var y = torch.randint(0, Classes, [options.Batch, options.Size, options.Size]);

        void Step()
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            Tensor loss;
            using (bf16 ? new AutocastScope(DeviceType.CPU, ScalarType.BFloat16) : null)
            {
                loss = F.cross_entropy(net.forward(x), y);
            }
            loss.backward();
            optimizer.step();
        }

        return Rates(Step);
    }

    /// <summary>Images per second of <paramref name="step"/> (one batch), per window of <c>Steps</c> after <c>Warmup</c> steps.</summary>
    private List<double> Rates(Action step)
    {
        for (int k = 0; k < options.Warmup; k++) step();
        var rates = new List<double>();
        for (int r = 0; r < options.Repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            for (int k = 0; k < options.Steps; k++) step();
            rates.Add(options.Steps * options.Batch / clock.Elapsed.TotalSeconds);
        }
        return rates;
    }

    /// <summary>The same step run by the training loop (SegmentationTrainer with the baseline's hooks, cross-entropy, no clipping), timed between its progress events.</summary>
    private List<double> MeasureLoop(bool bf16)
    {
        int total = options.Warmup + options.Repeats * options.Steps;
        var trainerOptions = new TrainerOptions
        {
            Steps = total, BatchSize = options.Batch, Optimizer = OptimizerKind.Adam, LearningRate = 1e-3, WeightDecay = 0,
            Schedule = ScheduleKind.Constant, GradientClipNorm = null, ValidationEvery = 0, Seed = 0,
            Precision = bf16 ? Precision.Bf16 : Precision.Fp32,
        };
        var trainer = new SegmentationTrainer(new BaselineMethod(new CrossEntropyLoss()), Network, trainerOptions);
        var stamps = new List<double>();
        var clock = Stopwatch.StartNew();
        trainer.Progress += p =>
        {
            if (p.Kind == ProgressKind.Step) stamps.Add(clock.Elapsed.TotalSeconds);
        };
        using var source = new FixedBatch(options.Batch, options.Size, Classes);
        trainer.Fit(source).Network.Dispose();
        var rates = new List<double>();
        for (int r = 0; r < options.Repeats; r++)
        {
            int start = options.Warmup + r * options.Steps - 1;
            rates.Add(options.Steps * options.Batch / (stamps[start + options.Steps] - stamps[start]));
        }
        return rates;
    }

    /// <summary>The benchmark U-Net, freshly initialised, as an ONNX model (the project's exporter).</summary>
    private byte[] ExportedNetwork()
    {
        torch.manual_seed(0);
        using var net = new UNet(Network);
        net.eval();
        return net.ToOnnxGraph(new SegmenterExportOptions
        {
            InputChannels = 1, SpatialDims = 2, Metadata = new OnnxModelMetadata { ClassNames = [.. Enumerable.Range(0, Classes).Select(c => $"class_{c}")] },
        }).ToByteArray();
    }

    /// <summary>Inference of <paramref name="onnx"/> (the same U-Net), batch and threads as in training, outputs pre-bound: the machine's best fp32 rate for this network.</summary>
    private List<double> MeasureOnnxRuntime(byte[] onnx)
    {
        using var sessionOptions = new SessionOptions { IntraOpNumThreads = options.Threads, InterOpNumThreads = 1 };
        using var session = new InferenceSession(onnx, sessionOptions);
        int plane = options.Size * options.Size;
        var input = new float[options.Batch * plane];
        var random = new Random(0);
        for (int i = 0; i < input.Length; i++) input[i] = (float)random.NextDouble() - 0.5f;
        using var inputValue = OrtValue.CreateTensorValueFromMemory(input, [options.Batch, 1, options.Size, options.Size]);
        using var labelsValue = OrtValue.CreateTensorValueFromMemory(new long[options.Batch * plane], [options.Batch, options.Size, options.Size]);
        using var runOptions = new RunOptions();
        void Run() => session.Run(runOptions, [SegmenterOnnxExporter.ImageName], [inputValue], [SegmenterOnnxExporter.LabelsName], [labelsValue]);
        return Rates(Run);
    }

    /// <summary>One batch served for every step, as the engine-only measurement uses.</summary>
    private sealed class FixedBatch : IBatchSource, IDisposable
    {
        private readonly Tensor _images;
        private readonly Tensor _labels;

        public FixedBatch(int batch, int size, int classes)
        {
            torch.manual_seed(0);
            _images = torch.randn([batch, 1, size, size]);
            _labels = torch.randint(0, classes, [batch, size, size]);
            Classes = classes;
        }

        public int Classes { get; }

        public int Channels => 1;

        public TrainingBatch GetBatch(long iteration, CancellationToken cancellationToken) =>
            new(_images.alias().DetachFromDisposeScope(), _labels.alias().DetachFromDisposeScope(), []);

        public void Dispose()
        {
            _images.Dispose();
            _labels.Dispose();
        }
    }

    private List<(string Precision, string Layout, List<double> Rates)> MeasurePyTorch(PythonTorch python)
    {
        IReadOnlyList<string> lines = python.Run("unet_train.py",
        [
            "--batch", Invariant($"{options.Batch}"), "--size", Invariant($"{options.Size}"), "--classes", Invariant($"{Classes}"),
            "--depth", Invariant($"{options.Depth}"), "--base", Invariant($"{options.BaseWidth}"),
            "--threads", Invariant($"{options.Threads}"), "--warmup", Invariant($"{options.Warmup}"), "--steps", Invariant($"{options.Steps}"),
            "--repeats", Invariant($"{options.Repeats}"), "--precision", string.Join(",", options.Precisions),
        ]);
        var results = new List<(string, string, List<double>)>();
        foreach (string line in lines)
        {
            using var json = JsonDocument.Parse(line);
            results.Add((json.RootElement.GetProperty("precision").GetString()!, json.RootElement.GetProperty("layout").GetString()!,
                json.RootElement.GetProperty("images_per_s").EnumerateArray().Select(e => e.GetDouble()).ToList()));
        }
        return results;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
