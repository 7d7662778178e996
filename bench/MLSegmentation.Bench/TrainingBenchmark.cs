using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MLSegmentation.Torch;
using MLSegmentation.Trainers.Losses;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Trainers.Training;
using F = MLSegmentation.Torch.torch.nn.functional;

namespace MLSegmentation.Bench;

/// <summary>
/// Training throughput of the engine against PyTorch on the same model, data and machine, in one
/// run: DESIGN.md's U-Net (depth 4, base 32, BatchNorm), batch 8 at 128×128, Adam, cross-entropy.
/// Rounds alternate between the two engines so that machine noise hits both; medians are compared.
/// </summary>
internal sealed class TrainingBenchmark(BenchmarkSettings settings)
{
    private const int Classes = 4;

    public void Run()
    {
        torch.set_num_threads(settings.Threads);
        Console.WriteLine($"Training: U-Net depth 4, base 32, BatchNorm; batch {settings.Batch} at {settings.Size}×{settings.Size}; Adam; " +
                          $"{settings.Threads} threads; {settings.Rounds} rounds × {settings.Repeats} windows of {settings.Steps} steps");
        var samples = new Dictionary<string, List<double>>();
        for (int round = 0; round < settings.Rounds; round++)
        {
            foreach (string precision in settings.Precisions)
            {
                Add(samples, $"C# NCHW {precision}", MeasureEngine(channelsLast: false, bf16: precision == "bf16"));
                if (settings.CompareLayouts) Add(samples, $"C# NHWC {precision}", MeasureEngine(channelsLast: true, bf16: precision == "bf16"));
                Add(samples, $"C# loop {precision}", MeasureLoop(bf16: precision == "bf16"));
            }
            foreach ((string precision, List<double> rates) in MeasurePyTorch())
                Add(samples, $"PyTorch {precision}", rates);
        }

        Console.WriteLine();
        Console.WriteLine($"{"engine",-18} {"images/s (median)",18}   samples");
        foreach ((string name, List<double> rates) in samples)
            Console.WriteLine($"{name,-18} {Median(rates),18:F2}   {string.Join(" ", rates.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))}");
        Console.WriteLine();
        Ratio(samples, "C# NCHW fp32", "PyTorch fp32", "fp32: C# engine / PyTorch eager (target ≥ 1.0)");
        Ratio(samples, "C# NHWC fp32", "PyTorch fp32", "fp32, channels-last: C# / PyTorch");
        Ratio(samples, "C# NCHW bf16", "PyTorch fp32", "bf16 autocast: C# engine / PyTorch fp32 (target ≥ 1.6)");
        Ratio(samples, "C# NCHW bf16", "PyTorch bf16", "bf16 autocast: C# engine / PyTorch bf16 autocast");
        Ratio(samples, "C# loop fp32", "C# NCHW fp32", "fp32: SegmentationTrainer loop / engine-only step (target ≥ 0.97)");
    }

    private static void Add(Dictionary<string, List<double>> samples, string key, IEnumerable<double> rates)
    {
        if (!samples.TryGetValue(key, out List<double>? list)) samples[key] = list = [];
        list.AddRange(rates);
    }

    private static void Ratio(Dictionary<string, List<double>> samples, string numerator, string denominator, string label)
    {
        if (samples.TryGetValue(numerator, out var a) && samples.TryGetValue(denominator, out var b))
            Console.WriteLine($"ratio {label}: {Median(a) / Median(b):F2}");
    }

    internal static double Median(IReadOnlyList<double> values)
    {
        double[] sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private List<double> MeasureEngine(bool channelsLast, bool bf16)
    {
        torch.manual_seed(0);
        using var net = new UNet(new UNetOptions { InputChannels = 1, Classes = Classes, ChannelsLast = channelsLast });
        using var optimizer = torch.optim.Adam(net.parameters(), lr: 1e-3);
        using var x = torch.randn(settings.Batch, 1, settings.Size, settings.Size);
        using var y = torch.randint(0, Classes, [settings.Batch, settings.Size, settings.Size]);

        void Step()
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            Tensor loss;
            using (bf16 ? torch.autocast(DeviceType.CPU) : null)
            {
                loss = F.cross_entropy(net.forward(x), y);
            }
            loss.backward();
            optimizer.step();
        }

        for (int k = 0; k < settings.Warmup; k++) Step();
        var rates = new List<double>();
        for (int r = 0; r < settings.Repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            for (int k = 0; k < settings.Steps; k++) Step();
            rates.Add(settings.Steps * settings.Batch / clock.Elapsed.TotalSeconds);
        }
        return rates;
    }

    /// <summary>The same step run by the training loop (SegmentationTrainer with the baseline's hooks, cross-entropy, no clipping), timed between its progress events.</summary>
    private List<double> MeasureLoop(bool bf16)
    {
        int total = settings.Warmup + settings.Repeats * settings.Steps;
        var options = new TrainerOptions
        {
            Steps = total, BatchSize = settings.Batch, Optimizer = OptimizerKind.Adam, LearningRate = 1e-3, WeightDecay = 0,
            Schedule = ScheduleKind.Constant, GradientClipNorm = null, ValidationEvery = 0, Seed = 0,
            Precision = bf16 ? Precision.Bf16 : Precision.Fp32,
        };
        var trainer = new SegmentationTrainer(new BaselineMethod(new CrossEntropyLoss()), new UNetOptions(), options);
        var stamps = new List<double>();
        var clock = Stopwatch.StartNew();
        trainer.Progress += p =>
        {
            if (p.Kind == ProgressKind.Step) stamps.Add(clock.Elapsed.TotalSeconds);
        };
        using var source = new FixedBatch(settings.Batch, settings.Size, Classes);
        trainer.Fit(source).Network.Dispose();
        var rates = new List<double>();
        for (int r = 0; r < settings.Repeats; r++)
        {
            int start = settings.Warmup + r * settings.Steps - 1;
            rates.Add(settings.Steps * settings.Batch / (stamps[start + settings.Steps] - stamps[start]));
        }
        return rates;
    }

    /// <summary>One batch served for every step, as the engine-only measurement uses.</summary>
    private sealed class FixedBatch : IBatchSource, IDisposable
    {
        private readonly Tensor _images;
        private readonly Tensor _labels;

        public FixedBatch(int batch, int size, int classes)
        {
            torch.manual_seed(0);
            _images = torch.randn(batch, 1, size, size);
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

    private List<(string precision, List<double> rates)> MeasurePyTorch()
    {
        string script = Path.Combine(settings.RepoRoot, "bench", "python", "unet_train.py");
        var start = new ProcessStartInfo(settings.Python)
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string a in new[]
        {
            script, "--batch", $"{settings.Batch}", "--size", $"{settings.Size}", "--classes", $"{Classes}",
            "--threads", $"{settings.Threads}", "--warmup", $"{settings.Warmup}", "--steps", $"{settings.Steps}",
            "--repeats", $"{settings.Repeats}", "--precision", string.Join(",", settings.Precisions),
        })
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {settings.Python}");
        var results = new List<(string precision, List<double> rates)>();
        while (process.StandardOutput.ReadLine() is { } line)
        {
            using var json = JsonDocument.Parse(line);
            results.Add((json.RootElement.GetProperty("precision").GetString()!,
                json.RootElement.GetProperty("images_per_s").EnumerateArray().Select(e => e.GetDouble()).ToList()));
        }
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{script} exited with {process.ExitCode}");
        return results;
    }
}
