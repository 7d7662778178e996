using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MLSegmentation.Benchmarks;

namespace MLSegmentation.Cli.Tests;

public partial class BenchmarkCommandTests
{
    [GeneratedRegex(@"^ratio (.+): (-?[0-9.]+)", RegexOptions.Multiline)]
    private static partial Regex RatioLine();

    private static Dictionary<string, double> Ratios(string output) =>
        RatioLine().Matches(output).ToDictionary(m => m.Groups[1].Value, m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));

    [Test]
    public void QuickPipelinePrintsPositiveRatios()
    {
        var r = Mlseg.Run("benchmark", "--quick", "--suite", "pipeline");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        Dictionary<string, double> ratios = Ratios(r.Output);
        Assert.That(ratios.Keys, Is.EquivalentTo(new[]
        {
            "pipeline, 1 worker(s) / fp32 training (anchor 5.4)", "pipeline, 1 worker(s) / bf16 training (anchor 9.3)",
            "pipeline, 2 worker(s) / fp32 training (anchor 5.4)", "pipeline, 2 worker(s) / bf16 training (anchor 9.3)",
        }));
        Assert.That(ratios.Values, Is.All.Positive);
        Assert.That(r.Output, Does.Match(@"pipeline, 1 worker\(s\) +[0-9.]+ images/s \(median of 2: "));
    }

    [Test]
    public void QuickScoringComparesTheScorerWithRawRunsAndPyTorch()
    {
        var r = Mlseg.Run("benchmark", "--quick", "--suite", "scoring");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        Dictionary<string, double> ratios = Ratios(r.Output);
        if (r.Output.Contains("note: scoring skipped", StringComparison.Ordinal))
            Assert.That(ratios, Is.Empty, "without PyTorch there is no model to score");
        else
        {
            Assert.That(ratios.Where(p => p.Key.StartsWith("scorer / raw", StringComparison.Ordinal)).Select(p => p.Value), Has.Exactly(2).Positive);
            Assert.That(ratios.Keys, Has.Exactly(2).StartsWith("transformer / ApplyOnnxModel").And.Exactly(2).StartsWith("transformer / raw"));
            Assert.That(r.Output, Does.Contain("check: SegmentationTransformer's mask of img_0000 vs raw Run labels: 0 of 4096 pixels differ"));
        }
        Assert.That(ratios.Values, Is.All.Positive);
    }

    [Test]
    public void TrainingWithoutPythonSkipsThePyTorchRatiosWithANote()
    {
        var r = Mlseg.Run("benchmark", "--quick", "--suite", "training", "--python", "/no/such/python3");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        Dictionary<string, double> ratios = Ratios(r.Output);
        Assert.That(ratios.Keys, Is.EqualTo(new[] { "fp32: SegmentationTrainer loop / engine-only step", "GFLOP/s share: C# training loop fp32 / ONNX Runtime fp32 inference" }));
        Assert.That(ratios.Values, Is.All.Positive);
        Assert.That(r.Output, Does.Contain("note: PyTorch ratios skipped: /no/such/python3 not found"));
        Assert.That(r.Output, Does.Match(@"ONNX Runtime fp32 inference +[0-9.]+ images/s +[0-9.]+ GFLOP/s"));
    }

    [Test]
    public void FlopsAreCountedOverTheConvolutions()
    {
        // By hand, 2 × multiply-adds of each convolution of a depth-1, base-2 U-Net on a 4×4 image:
        // encoder 1→2, 2→2 at 4×4 and 2→4, 4→4 at 2×2; transposed 4→2 (2×2 kernel) from 2×2; decoder 4→2, 2→2 at 4×4; head 2→2.
        double expected = 2 * (1 * 2 * 9 * 16 + 2 * 2 * 9 * 16 + 2 * 4 * 9 * 4 + 4 * 4 * 9 * 4 + 4 * 2 * 4 * 4 + 4 * 2 * 9 * 16 + 2 * 2 * 9 * 16 + 2 * 2 * 16);
        var network = new Networks.UNetOptions { InputChannels = 1, Classes = 2, Depth = 1, BaseWidth = 2 };
        Assert.That(UNetFlops.Forward(network, 4), Is.EqualTo(expected));
        Assert.That(UNetFlops.TrainingStep(network, 4), Is.EqualTo(3 * expected));
        Assert.That(() => UNetFlops.Forward(network, 5), Throws.ArgumentException.With.Message.Contains("side 5 is not a multiple of [2, 2]"));
    }

    [Test]
    public void JsonPrintsTheResultsOnly()
    {
        var r = Mlseg.Run("benchmark", "--quick", "--suite", "pipeline", "--json", "--repeats", "3");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        using var json = JsonDocument.Parse(r.Output);
        JsonElement suite = json.RootElement.EnumerateArray().Single();
        Assert.That(suite.GetProperty("suite").GetString(), Is.EqualTo("pipeline"));
        Assert.That(suite.GetProperty("measurements")[0].GetProperty("samples").GetArrayLength(), Is.EqualTo(3), "--repeats sets the pipeline's epochs");
        Assert.That(suite.GetProperty("ratios").EnumerateArray().Select(x => x.GetProperty("value").GetDouble()), Is.All.Positive);
        Assert.That(r.Error, Does.Contain("epoch 3"), "progress goes to stderr");
    }

    [TestCase(new[] { "--suite", "everything" }, "'everything'")]
    [TestCase(new[] { "--repeats", "0" }, "--repeats 0: must be at least 1")]
    [TestCase(new[] { "--rounds", "-1" }, "--rounds -1: must be at least 1")]
    [TestCase(new[] { "--threads", "many" }, "'many'")]
    [TestCase(new[] { "--precision", "fp8" }, "'fp8'")]
    public void BadOptionsFailWithOneLine(string[] options, string expected) =>
        CommandAssert.FailsWithOneLine(Mlseg.Run(["benchmark", "--quick", .. options]), "benchmark", expected);

    [Test]
    public void HelpExplainsEveryOption() =>
        CommandAssert.HelpExplains("benchmark", "--suite", "--quick", "--rounds", "--repeats", "--precision", "--threads", "--python", "--json");

    [Test]
    public void RatiosDivideMediansOfWindows()
    {
        var result = new BenchmarkResult("test");
        result.Measurements.Add(new BenchmarkMeasurement("a", "images/s", [1, 9, 3]));
        result.Measurements.Add(new BenchmarkMeasurement("b", "images/s", [2, 4, 8, 6]));
        result.AddRatio("a / b", "a", "b", "≥ 1");
        result.AddRatio("a / missing", "a", "c");
        Assert.That(result.Measurements.Select(m => m.Median), Is.EqualTo(new[] { 3.0, 5.0 }));
        Assert.That(result.Ratios, Is.EqualTo(new[] { new BenchmarkRatio("a / b", 0.6, "≥ 1") }));
        Assert.Throws<ArgumentException>(() => BenchmarkStatistics.Median([]));
    }
}
