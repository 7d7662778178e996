using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MLSegmentation.Trainers.Experiments;
using MLSegmentation.Trainers.Metrics;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Cli;

/// <summary>
/// The report of <c>mlseg experiment</c>: per-seed Dice (and precision and HD95) of the runs compared against (the baseline, or the <c>--against</c> variant)
/// and of the method, mean ± sd, mean difference and the paired t-test, on the validation samples and on each dataset of
/// <c>--evaluation-data</c>.
/// </summary>
internal sealed class ExperimentReport
{
    private readonly ExperimentSettings _settings;
    private readonly int _trainCount;
    private readonly int _validationCount;
    private readonly long[] _seeds;
    private readonly Paired _dice;
    private readonly Paired _precision;
    private readonly Paired _hausdorff;
    private readonly (string Data, Paired Dice)[] _extra;

    /// <summary>The report of <paramref name="runs"/> (every seed of both sides) of the experiment <paramref name="settings"/>; <paramref name="extraData"/> are the datasets of <c>--evaluation-data</c>, in the order of <see cref="ExperimentRun.ExtraEvaluations"/>.</summary>
    public ExperimentReport(ExperimentSettings settings, int trainCount, int validationCount, IReadOnlyList<ExperimentRun> runs, IReadOnlyList<string> extraData)
    {
        _settings = settings;
        _trainCount = trainCount;
        _validationCount = validationCount;
        _seeds = [.. runs.Select(r => r.Seed).Distinct()];
        _dice = PerSeed(runs, r => r.Dice);
        _precision = PerSeed(runs, r => r.Precision);
        _hausdorff = PerSeed(runs, r => r.Hausdorff95);
        _extra = [.. extraData.Select((data, i) => (data, PerSeed(runs, r => r.ExtraEvaluations[i].ClassMeanDice)))];
        Runs = runs;
    }

    public IReadOnlyList<ExperimentRun> Runs { get; }

    private string Method => _settings.Runs.Method;

    /// <summary>The label of the runs compared against: <c>baseline</c> or the <c>--against</c> spec.</summary>
    private string Against => _settings.Against;

    /// <summary>The t-test of method − against; null with a single seed.</summary>
    public PairedTTestResult? Test => _dice.Test;

    /// <summary>One metric of both sides, seed by seed (in <see cref="_seeds"/>'s order), with the paired t-test of method − against (null with a single seed).</summary>
    private sealed record Paired(double[] Against, double[] Method)
    {
        public double MeanDifference => Method.Average() - Against.Average();

        public PairedTTestResult? Test => Method.Length >= 2 ? PairedTTest.Test(Method, Against) : null;
    }

    private Paired PerSeed(IReadOnlyList<ExperimentRun> runs, Func<ExperimentRun, double> value)
    {
        double[] Side(string method) => [.. _seeds.Select(seed => value(runs.Single(r => r.Seed == seed && r.Method == method)))];
        return new Paired(Side(Against), Side(Method));
    }

    public string Summary() => string.Join(Environment.NewLine,
        _extra.Select(e => Comparison(e.Dice, $"Dice on {e.Data}")).Prepend(Comparison(_hausdorff, "HD95")).Prepend(Comparison(_precision, "precision")).Prepend(Comparison(_dice, "Dice")));

    private string Comparison(Paired metric, string what) => metric.Test is { } t
        ? Invariant($"{Method} − {Against}: {metric.MeanDifference:+0.0000;-0.0000} mean {what} over {_seeds.Length} seeds, paired t = {t.T:F3}, df = {t.DegreesOfFreedom}, p = {t.P:F4}")
        : Invariant($"{Method} − {Against}: {metric.MeanDifference:+0.0000;-0.0000} mean {what} with one seed (the t-test needs two or more)");

    public string ToMarkdown()
    {
        TrainSettings s = _settings.Runs;
        var md = new StringBuilder();
        md.AppendLine(Invariant($"# {Method} vs {Against}"));
        md.AppendLine();
        md.AppendLine(Invariant($"- Data: {DataDescription()}; {SplitDescription()}."));
        md.AppendLine(Invariant($"- Budget of every run: {s.Training.Steps} steps of batch {s.Training.BatchSize}, {MethodPreset.Of(s.Training, s.Network.Normalization).OptimizerSummary} schedule, {MethodTrainers.Loss(s)} loss, augmentation {(s.Augment ? "on" : "off")}; U-Net depth {s.Network.Depth}, base width {s.Network.BaseWidth}, {s.Network.Normalization} normalisation."));
        md.AppendLine(Invariant($"- Seeds {string.Join(", ", _seeds)} (initialisation, data order, augmentation and the method); seed k of both methods sees the same batches."));
        md.AppendLine("- Metric: Dice per image averaged per class, then over the foreground classes, on the validation samples.");
        md.AppendLine(Invariant($"- Convergence: the mean training loss of the last tenth of the steps over the tenth before (1.000 = flat), median over seeds: {Against} {Trend(Against)}, {Method} {Trend(Method)}."));
        md.AppendLine();
        Table(md, _dice, "Dice");
        md.AppendLine();
        md.AppendLine("## Precision");
        md.AppendLine();
        md.AppendLine("Of the same validation evaluations: precision per image, averaged per class over the images that predict the class, then over the foreground classes.");
        md.AppendLine();
        Table(md, _precision, "precision");
        md.AppendLine();
        md.AppendLine("## HD95");
        md.AppendLine();
        md.AppendLine("Of the same validation evaluations: the 95th-percentile symmetric surface distance per image, in pixels (or the images' spacing), "
            + "averaged per class over the images whose prediction has the class, then over the foreground classes; lower is better. "
            + Invariant($"Images whose prediction lacks a class of the truth have no HD95 and are left out: {Missed(Against)} such image–class pairs over all seeds for {Against}, {Missed(Method)} for {Method}."));
        md.AppendLine();
        Table(md, _hausdorff, "HD95");
        foreach ((string data, Paired dice) in _extra)
        {
            md.AppendLine();
            md.AppendLine(Invariant($"## On {data}"));
            md.AppendLine();
            md.AppendLine("The same models, evaluated on this dataset of `--evaluation-data`.");
            md.AppendLine();
            Table(md, dice, "Dice");
        }
        return md.ToString();
    }

    private void Table(StringBuilder md, Paired values, string metric)
    {
        (double[] against, double[] method) = (values.Against, values.Method);
        md.AppendLine(Invariant($"| Seed | {Against} {metric} | {Method} {metric} | Difference |"));
        md.AppendLine("|---:|---:|---:|---:|");
        for (int k = 0; k < _seeds.Length; k++)
            md.AppendLine(Invariant($"| {_seeds[k]} | {against[k]:F4} | {method[k]:F4} | {method[k] - against[k]:+0.0000;-0.0000} |"));
        double[] differences = [.. method.Zip(against, (m, b) => m - b)];
        md.AppendLine(Invariant($"| mean ± sd | {MeanSd(against)} | {MeanSd(method)} | {differences.Average():+0.0000;-0.0000} ± {PairedTTest.StandardDeviation(differences):F4} |"));
        md.AppendLine();
        md.AppendLine(values.Test is { } t
            ? Invariant($"Paired t-test ({Method} − {Against}, two-sided): mean difference {t.MeanDifference:+0.0000;-0.0000}, t = {t.T:F3}, df = {t.DegreesOfFreedom}, p = {t.P:F4}.")
            : "Paired t-test: needs two or more seeds.");
    }

    public string ToJson()
    {
        PairedTTestResult? t = Test;
        var document = new
        {
            method = Method,
            metric = "mean foreground Dice (validation)",
            data = DataDescription(),
            trainCount = _trainCount,
            validationCount = _validationCount,
            validationData = _settings.ValidationData,
            seeds = _seeds,
            steps = _settings.Runs.Training.Steps,
            batchSize = _settings.Runs.Training.BatchSize,
            runs = Runs.Select(r => new { method = r.Method, seed = r.Seed, dice = r.Dice, precision = r.Precision, hd95 = r.Hausdorff95, missedImages = r.MissedImages, lossTrend = r.LossTrend, classDice = r.Evaluation.Classes.ToDictionary(c => c.Name, c => c.Dice.Mean) }),
            againstLossTrend = MedianTrend(Against),
            methodLossTrend = MedianTrend(Method),
            against = Against,
            againstDice = MeanSdJson(_dice.Against),
            methodDice = MeanSdJson(_dice.Method),
            meanDifference = _dice.MeanDifference,
            t = t?.T,
            df = t?.DegreesOfFreedom,
            p = t?.P,
            precision = new
            {
                against = MeanSdJson(_precision.Against),
                method = MeanSdJson(_precision.Method),
                meanDifference = _precision.MeanDifference,
                t = _precision.Test?.T,
                p = _precision.Test?.P,
            },
            hd95 = new
            {
                against = MeanSdJson(_hausdorff.Against),
                method = MeanSdJson(_hausdorff.Method),
                meanDifference = _hausdorff.MeanDifference,
                t = _hausdorff.Test?.T,
                p = _hausdorff.Test?.P,
                againstMissedImages = Missed(Against),
                methodMissedImages = Missed(Method),
            },
            evaluationData = _extra.Select(e => new
            {
                data = e.Data,
                againstDice = new { mean = e.Dice.Against.Average(), sd = PairedTTest.StandardDeviation(e.Dice.Against), perSeed = e.Dice.Against },
                methodDice = new { mean = e.Dice.Method.Average(), sd = PairedTTest.StandardDeviation(e.Dice.Method), perSeed = e.Dice.Method },
                meanDifference = e.Dice.MeanDifference,
                t = e.Dice.Test?.T,
                p = e.Dice.Test?.P,
            }),
        };
        return JsonSerializer.Serialize(document, s_json);
    }

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private string DataDescription() => _settings.Synthetic is { } synthetic
        ? Invariant($"the synthetic task {_settings.SyntheticTask}, {_settings.SyntheticCount} images ({SyntheticTasks.Describe(synthetic)}; generator seed 1)")
        : Invariant($"{_settings.Runs.Data} ({_settings.Runs.Layout} layout)");

    private string SplitDescription() => _settings.ValidationData is string heldOut
        ? Invariant($"{_trainCount} training samples (all of them) and {_validationCount} validation samples from the held-out {heldOut}")
        : Invariant($"{_trainCount} training and {_validationCount} validation samples (split seed {_settings.SplitSeed}, the same for every run)");

    /// <summary>The median over seeds of the runs' <see cref="ExperimentRun.LossTrend"/>; null where no run has one.</summary>
    private double? MedianTrend(string method)
    {
        MetricStatistic trends = MetricStatistic.Of(Runs.Where(r => r.Method == method && r.LossTrend is not null).Select(r => r.LossTrend!.Value));
        return trends.Count == 0 ? null : trends.Median;
    }

    private int Missed(string method) => Runs.Where(r => r.Method == method).Sum(r => r.MissedImages);

    private string Trend(string method) => MedianTrend(method) is double t ? Invariant($"{t:F3}") : "n/a";

    private static object MeanSdJson(double[] values) => new { mean = values.Average(), sd = PairedTTest.StandardDeviation(values) };

    private static string MeanSd(double[] values) => Invariant($"{values.Average():F4} ± {PairedTTest.StandardDeviation(values):F4}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
