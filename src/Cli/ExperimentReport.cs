using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MLSegmentation.Trainers.Experiments;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Cli;

/// <summary>
/// The report of <c>mlseg experiment</c>: per-seed Dice of the runs compared against (the baseline, or the <c>--against</c> variant)
/// and of the method, mean ± sd, mean difference and the paired t-test.
/// </summary>
internal sealed class ExperimentReport
{
    private readonly ExperimentSettings _settings;
    private readonly int _trainCount;
    private readonly int _validationCount;
    private readonly long[] _seeds;
    private readonly double[] _against;
    private readonly double[] _method;

    public ExperimentReport(ExperimentSettings settings, int trainCount, int validationCount, IReadOnlyList<ExperimentRun> runs)
    {
        _settings = settings;
        _trainCount = trainCount;
        _validationCount = validationCount;
        _seeds = [.. runs.Select(r => r.Seed).Distinct()];
        _against = Dice(runs, Against);
        _method = Dice(runs, Method);
        Runs = runs;
    }

    public IReadOnlyList<ExperimentRun> Runs { get; }

    private string Method => _settings.Runs.Method;

    /// <summary>The label of the runs compared against: <c>baseline</c> or the <c>--against</c> spec.</summary>
    private string Against => _settings.Against;

    /// <summary>The t-test of method − against; null with a single seed.</summary>
    public PairedTTestResult? Test => _seeds.Length >= 2 ? PairedTTest.Test(_method, _against) : null;

    private double[] Dice(IReadOnlyList<ExperimentRun> runs, string method) =>
        [.. _seeds.Select(seed => runs.Single(r => r.Seed == seed && r.Method == method).Dice)];

    public string Summary() => Test is { } t
        ? Invariant($"{Method} − {Against}: {_method.Average() - _against.Average():+0.0000;-0.0000} mean Dice over {_seeds.Length} seeds, paired t = {t.T:F3}, df = {t.DegreesOfFreedom}, p = {t.P:F4}")
        : Invariant($"{Method} − {Against}: {_method.Average() - _against.Average():+0.0000;-0.0000} mean Dice with one seed (the t-test needs two or more)");

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
        md.AppendLine();
        md.AppendLine(Invariant($"| Seed | {Against} Dice | {Method} Dice | Difference |"));
        md.AppendLine("|---:|---:|---:|---:|");
        for (int k = 0; k < _seeds.Length; k++)
            md.AppendLine(Invariant($"| {_seeds[k]} | {_against[k]:F4} | {_method[k]:F4} | {_method[k] - _against[k]:+0.0000;-0.0000} |"));
        double[] differences = [.. _method.Zip(_against, (m, b) => m - b)];
        md.AppendLine(Invariant($"| mean ± sd | {MeanSd(_against)} | {MeanSd(_method)} | {differences.Average():+0.0000;-0.0000} ± {PairedTTest.StandardDeviation(differences):F4} |"));
        md.AppendLine();
        md.AppendLine(Test is { } t
            ? Invariant($"Paired t-test ({Method} − {Against}, two-sided): mean difference {t.MeanDifference:+0.0000;-0.0000}, t = {t.T:F3}, df = {t.DegreesOfFreedom}, p = {t.P:F4}.")
            : "Paired t-test: needs two or more seeds.");
        return md.ToString();
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
            runs = Runs.Select(r => new { method = r.Method, seed = r.Seed, dice = r.Dice, classDice = r.Evaluation.Classes.ToDictionary(c => c.Name, c => c.Dice.Mean) }),
            against = Against,
            againstDice = new { mean = _against.Average(), sd = PairedTTest.StandardDeviation(_against) },
            methodDice = new { mean = _method.Average(), sd = PairedTTest.StandardDeviation(_method) },
            meanDifference = _method.Average() - _against.Average(),
            t = t?.T,
            df = t?.DegreesOfFreedom,
            p = t?.P,
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

    private static string MeanSd(double[] values) => Invariant($"{values.Average():F4} ± {PairedTTest.StandardDeviation(values):F4}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
