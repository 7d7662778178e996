using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MLSegmentation.Trainers.Experiments;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Cli;

/// <summary>
/// The report of <c>mlseg experiment</c>: per-seed Dice (and precision) of the runs compared against (the baseline, or the <c>--against</c> variant)
/// and of the method, mean ± sd, mean difference and the paired t-test, on the validation samples and on each dataset of
/// <c>--evaluation-data</c>.
/// </summary>
internal sealed class ExperimentReport
{
    private readonly ExperimentSettings _settings;
    private readonly int _trainCount;
    private readonly int _validationCount;
    private readonly long[] _seeds;
    private readonly double[] _against;
    private readonly double[] _method;
    private readonly (string Data, double[] Against, double[] Method)[] _extra;
    private readonly double[] _againstPrecision;
    private readonly double[] _methodPrecision;

    /// <summary>The report of <paramref name="runs"/> (every seed of both sides) of the experiment <paramref name="settings"/>; <paramref name="extraData"/> are the datasets of <c>--evaluation-data</c>, in the order of <see cref="ExperimentRun.ExtraEvaluations"/>.</summary>
    public ExperimentReport(ExperimentSettings settings, int trainCount, int validationCount, IReadOnlyList<ExperimentRun> runs, IReadOnlyList<string> extraData)
    {
        _settings = settings;
        _trainCount = trainCount;
        _validationCount = validationCount;
        _seeds = [.. runs.Select(r => r.Seed).Distinct()];
        _against = PerSeed(runs, Against, r => r.Dice);
        _method = PerSeed(runs, Method, r => r.Dice);
        _againstPrecision = PerSeed(runs, Against, r => r.Precision);
        _methodPrecision = PerSeed(runs, Method, r => r.Precision);
        _extra = [.. extraData.Select((data, i) => (data, PerSeed(runs, Against, r => r.ExtraEvaluations[i].ClassMeanDice), PerSeed(runs, Method, r => r.ExtraEvaluations[i].ClassMeanDice)))];
        Runs = runs;
    }

    public IReadOnlyList<ExperimentRun> Runs { get; }

    private string Method => _settings.Runs.Method;

    /// <summary>The label of the runs compared against: <c>baseline</c> or the <c>--against</c> spec.</summary>
    private string Against => _settings.Against;

    /// <summary>The t-test of method − against; null with a single seed.</summary>
    public PairedTTestResult? Test => TestOf(_method, _against);

    private PairedTTestResult? TestOf(double[] method, double[] against) => _seeds.Length >= 2 ? PairedTTest.Test(method, against) : null;

    private double[] PerSeed(IReadOnlyList<ExperimentRun> runs, string method, Func<ExperimentRun, double> value) =>
        [.. _seeds.Select(seed => value(runs.Single(r => r.Seed == seed && r.Method == method)))];

    public string Summary() => string.Join(Environment.NewLine,
        _extra.Select(e => Comparison(e.Method, e.Against, $"Dice on {e.Data}"))
            .Prepend(Comparison(_methodPrecision, _againstPrecision, "precision"))
            .Prepend(Comparison(_method, _against, "Dice")));

    private string Comparison(double[] method, double[] against, string what) => TestOf(method, against) is { } t
        ? Invariant($"{Method} − {Against}: {method.Average() - against.Average():+0.0000;-0.0000} mean {what} over {_seeds.Length} seeds, paired t = {t.T:F3}, df = {t.DegreesOfFreedom}, p = {t.P:F4}")
        : Invariant($"{Method} − {Against}: {method.Average() - against.Average():+0.0000;-0.0000} mean {what} with one seed (the t-test needs two or more)");

    public string ToMarkdown()
    {
        TrainSettings s = _settings.Runs;
        var md = new StringBuilder();
        md.AppendLine(Invariant($"# {Method} vs {Against}"));
        md.AppendLine();
        md.AppendLine(Invariant($"- Data: {DataDescription()}; {SplitDescription()}."));
        md.AppendLine(Invariant($"- Budget of every run: {s.Training.Steps} steps of batch {s.Training.BatchSize}, {MethodPreset.Of(s.Training, s.Network.Normalization).OptimizerSummary} schedule, augmentation {(s.Augment ? "on" : "off")}; U-Net depth {s.Network.Depth}, base width {s.Network.BaseWidth}, {s.Network.Normalization} normalisation."));
        md.AppendLine(Invariant($"- Seeds {string.Join(", ", _seeds)} (initialisation, data order, augmentation and the method); seed k of both methods sees the same batches."));
        md.AppendLine("- Metric: Dice per image averaged per class, then over the foreground classes, on the validation samples.");
        md.AppendLine(Invariant($"- Convergence: the mean training loss of the last tenth of the steps over the tenth before (1.000 = flat), median over seeds: {Against} {Trend(Against)}, {Method} {Trend(Method)}."));
        md.AppendLine();
        Table(md, _against, _method, "Dice");
        md.AppendLine();
        md.AppendLine("## Precision");
        md.AppendLine();
        md.AppendLine("Of the same validation evaluations: precision per image, averaged per class over the images that predict the class, then over the foreground classes.");
        md.AppendLine();
        Table(md, _againstPrecision, _methodPrecision, "precision");
        foreach ((string data, double[] against, double[] method) in _extra)
        {
            md.AppendLine();
            md.AppendLine(Invariant($"## On {data}"));
            md.AppendLine();
            md.AppendLine("The same models, evaluated on this dataset of `--evaluation-data`.");
            md.AppendLine();
            Table(md, against, method, "Dice");
        }
        return md.ToString();
    }

    private void Table(StringBuilder md, double[] against, double[] method, string metric)
    {
        md.AppendLine(Invariant($"| Seed | {Against} {metric} | {Method} {metric} | Difference |"));
        md.AppendLine("|---:|---:|---:|---:|");
        for (int k = 0; k < _seeds.Length; k++)
            md.AppendLine(Invariant($"| {_seeds[k]} | {against[k]:F4} | {method[k]:F4} | {method[k] - against[k]:+0.0000;-0.0000} |"));
        double[] differences = [.. method.Zip(against, (m, b) => m - b)];
        md.AppendLine(Invariant($"| mean ± sd | {MeanSd(against)} | {MeanSd(method)} | {differences.Average():+0.0000;-0.0000} ± {PairedTTest.StandardDeviation(differences):F4} |"));
        md.AppendLine();
        md.AppendLine(TestOf(method, against) is { } t
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
            runs = Runs.Select(r => new { method = r.Method, seed = r.Seed, dice = r.Dice, precision = r.Precision, lossTrend = r.LossTrend, classDice = r.Evaluation.Classes.ToDictionary(c => c.Name, c => c.Dice.Mean) }),
            againstLossTrend = MedianTrend(Against),
            methodLossTrend = MedianTrend(Method),
            against = Against,
            againstDice = new { mean = _against.Average(), sd = PairedTTest.StandardDeviation(_against) },
            methodDice = new { mean = _method.Average(), sd = PairedTTest.StandardDeviation(_method) },
            meanDifference = _method.Average() - _against.Average(),
            t = t?.T,
            df = t?.DegreesOfFreedom,
            p = t?.P,
            precision = new
            {
                against = new { mean = _againstPrecision.Average(), sd = PairedTTest.StandardDeviation(_againstPrecision) },
                method = new { mean = _methodPrecision.Average(), sd = PairedTTest.StandardDeviation(_methodPrecision) },
                meanDifference = _methodPrecision.Average() - _againstPrecision.Average(),
                t = TestOf(_methodPrecision, _againstPrecision)?.T,
                p = TestOf(_methodPrecision, _againstPrecision)?.P,
            },
            evaluationData = _extra.Select(e => new
            {
                data = e.Data,
                againstDice = new { mean = e.Against.Average(), sd = PairedTTest.StandardDeviation(e.Against), perSeed = e.Against },
                methodDice = new { mean = e.Method.Average(), sd = PairedTTest.StandardDeviation(e.Method), perSeed = e.Method },
                meanDifference = e.Method.Average() - e.Against.Average(),
                t = TestOf(e.Method, e.Against)?.T,
                p = TestOf(e.Method, e.Against)?.P,
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

    /// <summary>The median over seeds of the runs' <see cref="ExperimentRun.LossTrend"/>, or "n/a" where no run has one.</summary>
    private double? MedianTrend(string method)
    {
        double[] trends = [.. Runs.Where(r => r.Method == method && r.LossTrend is not null).Select(r => r.LossTrend!.Value).Order()];
        return trends.Length == 0 ? null : trends.Length % 2 == 1 ? trends[trends.Length / 2] : (trends[trends.Length / 2 - 1] + trends[trends.Length / 2]) / 2;
    }

    private string Trend(string method) => MedianTrend(method) is double t ? Invariant($"{t:F3}") : "n/a";

    private static string MeanSd(double[] values) => Invariant($"{values.Average():F4} ± {PairedTTest.StandardDeviation(values):F4}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
