using System.Globalization;
using System.Text;
using MLSegmentation.Trainers.Experiments;

namespace MLSegmentation.Experiments.CoLab;

/// <summary>Writes the markdown report (and the histogram SVG next to it), or the benchmark section.</summary>
internal static class Report
{
    private static readonly (string Name, Func<EvaluationResult, double> Get, string Format, bool HigherIsBetter)[] Metrics =
    [
        ("Dice", r => r.Dice, "F3", true),
        ("Precision (per image)", r => r.Precision, "F3", true),
        ("Precision (pooled)", r => r.PooledPrecision, "F3", true),
        ("Sensitivity", r => r.Sensitivity, "F3", true),
        ("HD95 (px)", r => r.Hd95, "F2", false),
        ("False-positive images", r => r.FalsePositiveImages, "F1", false),
        ("Background pixels with margin < 0 (%)", r => 100 * r.WrongSideShare, "F3", false),
        ("Median background margin", r => r.MedianMargin, "F2", true),
    ];

    private static string BenchPath(ExperimentSettings s) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(s.Output))!, "colab-bench.md");

    public static void WriteBench(ExperimentSettings s, string command, IReadOnlyList<BenchTiming> timings)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"Command: `{command}` ({s.BenchSteps} measured iterations after a 3-step warm-up, batch {s.BatchSize}, {s.Size}×{s.Size}, U-Net depth {s.Depth} width {s.Width}, {Environment.ProcessorCount} cores).");
        md.AppendLine();
        md.AppendLine("| Method | Mean ms / iteration | Meta-step iterations (every 5th) | Other iterations |");
        md.AppendLine("|---|---:|---:|---:|");
        foreach (BenchTiming t in timings)
            md.AppendLine(CultureInfo.InvariantCulture, $"| {t.Method} | {t.Mean:F1} | {t.MetaIterations:F1} | {t.OtherIterations:F1} |");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"**CoLab / baseline mean time per iteration: {timings[1].Mean / timings[0].Mean:F2}×** (the normal iterations alone: {timings[1].OtherIterations / timings[0].OtherIterations:F2}×; a meta-step iteration: {timings[1].MetaIterations / timings[0].MetaIterations:F2}×).");
        Directory.CreateDirectory(Path.GetDirectoryName(BenchPath(s))!);
        File.WriteAllText(BenchPath(s), md.ToString());
    }

    public static void Write(ExperimentSettings s, string command, string task, IReadOnlyList<(string Method, long Seed, EvaluationResult Result)> results, TimeSpan elapsed)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(s.Output))!;
        Directory.CreateDirectory(folder);
        string svgName = Path.GetFileNameWithoutExtension(s.Output) + "-margins.svg";
        long[] Pool(string method) => Enumerable.Range(0, Evaluation.Bins).Select(b => results.Where(r => r.Method == method).Sum(r => r.Result.Histogram[b])).ToArray();
        MarginHistogram.Write(Path.Combine(folder, svgName), [("baseline", "#1f77b4", Pool("baseline")), ("CoLab", "#d62728", Pool("colab"))]);

        EvaluationResult[] baseline = results.Where(r => r.Method == "baseline").OrderBy(r => r.Seed).Select(r => r.Result).ToArray();
        EvaluationResult[] colab = results.Where(r => r.Method == "colab").OrderBy(r => r.Seed).Select(r => r.Result).ToArray();
        var md = new StringBuilder();
        md.AppendLine(s.Task == "colin" ? "# CoLab vs baseline on Colin27 + AAL" : "# CoLab vs baseline on the synthetic benchmark");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Made by `{command}` from the repository root in {elapsed.TotalMinutes:F1} min ({Environment.ProcessorCount} cores, CPU).");
        md.AppendLine();
        md.AppendLine("## Setup");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Task: {task}; no augmentation.");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Network: U-Net depth {s.Depth}, base width {s.Width}, BatchNorm, ReLU (the library's small default family); CoLab's segmenter has C + K = 3 outputs, its generator the same architecture with K + 1 = 2.");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Budget, identical for both: {s.Steps} steps of batch {s.BatchSize}, Adam lr {s.LearningRate.ToString(CultureInfo.InvariantCulture)} with poly decay, gradient clipping at 12, weight decay 3e-5; seeds 1…{s.Seeds} (network initialisation and batch order; seed k of both methods sees the same batches).");
        md.AppendLine("- CoLab: the `CoLabOptions` defaults — K = 1, τ_sub = 30, τ_dev = 20 (on 64-pixel images the fade barely acts), meta step every 5 iterations per sample with the exact meta-gradient, generator Adam 3e-4 with poly decay, α = the segmenter's current lr.");
        md.AppendLine("- Test: labels from each method's `Predict` (CoLab: argmax over C + K channels, context → background). Per-image Dice, precision, sensitivity and HD95 over test images with the ROI (HD95 of an empty prediction = the image diagonal); pooled precision over all test pixels; false-positive images = test images without ROI where the ROI is predicted. Margin = max(background or context logit) − ROI logit on every background pixel of the test set (negative = a false positive pixel).");
        md.AppendLine();
        md.AppendLine("## Results (mean ± sd over seeds; paired t-test CoLab − baseline, df = seeds − 1)");
        md.AppendLine();
        md.AppendLine("| Metric | Baseline | CoLab | Difference | t | p |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach ((string name, Func<EvaluationResult, double> get, string format, bool _) in Metrics)
        {
            double[] a = baseline.Select(get).ToArray(), b = colab.Select(get).ToArray();
            (double diff, double t, _, double p) = PairedTTest.Test(b, a);
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {a.Average().ToString(format, CultureInfo.InvariantCulture)} ± {PairedTTest.StandardDeviation(a).ToString(format, CultureInfo.InvariantCulture)} | {b.Average().ToString(format, CultureInfo.InvariantCulture)} ± {PairedTTest.StandardDeviation(b).ToString(format, CultureInfo.InvariantCulture)} | {diff.ToString("+0.000;-0.000", CultureInfo.InvariantCulture)} | {t:F2} | {p:F3} |");
        }
        md.AppendLine();
        md.AppendLine("Per seed:");
        md.AppendLine();
        md.AppendLine("| Seed | Method | Dice | Precision | Pooled precision | Sensitivity | HD95 | FP images | Margin < 0 (%) |");
        md.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (method, seed, r) in results.OrderBy(r => r.Seed).ThenBy(r => r.Method, StringComparer.Ordinal))
            md.AppendLine(CultureInfo.InvariantCulture, $"| {seed} | {method} | {r.Dice:F3} | {r.Precision:F3} | {r.PooledPrecision:F3} | {r.Sensitivity:F3} | {r.Hd95:F2} | {r.FalsePositiveImages} | {100 * r.WrongSideShare:F3} |");
        md.AppendLine();
        md.AppendLine("## The paper's diagnostic");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"![margin histogram]({svgName})");
        md.AppendLine();
        md.AppendLine("Distribution of the margin on background pixels, all seeds pooled (share of pixels per bin, log scale; margins beyond ±30 are in the end bins).");
        md.AppendLine();
        md.AppendLine("<!-- interpretation -->");
        md.AppendLine();
        md.AppendLine("## Cost");
        md.AppendLine();
        md.AppendLine(File.Exists(BenchPath(s)) ? File.ReadAllText(BenchPath(s)) : "Run with `--bench` first to include the timing.");
        File.WriteAllText(s.Output, md.ToString());
    }
}
