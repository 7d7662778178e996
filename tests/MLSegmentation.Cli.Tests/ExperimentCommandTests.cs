using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MLSegmentation.Cli.Tests;

public partial class ExperimentCommandTests
{
    private string _folder = "";

    [OneTimeSetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("mlseg-experiment-").FullName;

    [OneTimeTearDown]
    public void Remove() => Directory.Delete(_folder, recursive: true);

    // Tiny settings; `changes` are option/value pairs that replace a default here or add an option.
    private static string[] Tiny(string output, params string[] changes)
    {
        var options = new List<(string Name, string? Value)>
        {
            ("--method", "colab"), ("--seeds", "2"), ("--steps", "5"), ("--batch-size", "2"), ("--depth", "2"), ("--width", "4"),
            ("--synthetic-count", "12"), ("--synthetic-size", "32"), ("--synthetic-classes", "3"), ("--device", "cpu"), ("--workers", "1"),
            ("--quiet", null), ("--out", output),
        };
        for (int k = 0; k < changes.Length; k += 2)
        {
            options.RemoveAll(o => o.Name == changes[k]);
            options.Add((changes[k], changes[k + 1]));
        }
        return ["experiment", .. options.SelectMany(o => o.Value is null ? [o.Name] : new[] { o.Name, o.Value })];
    }

    [GeneratedRegex(@"^\| (\d+) \| ([0-9.]+) \| ([0-9.]+) \| ([+-][0-9.]+) \|$", RegexOptions.Multiline)]
    private static partial Regex SeedRow();

    [Test]
    public void WritesTheReportAndReusesFinishedRuns()
    {
        string output = Path.Combine(_folder, "colab");
        var first = Mlseg.Run(Tiny(output));
        Assert.That(first.ExitCode, Is.EqualTo(0), first.Error);
        Assert.That(Regex.Matches(first.Output, @"^run \d/4: (baseline|colab) seed \d: training$", RegexOptions.Multiline), Has.Count.EqualTo(4));

        string markdown = File.ReadAllText(Path.Combine(output, "experiment.md"));
        Assert.That(markdown, Does.Contain("## Precision"));
        MatchCollection rows = SeedRow().Matches(markdown[..markdown.IndexOf("## Precision", StringComparison.Ordinal)]);
        Assert.That(rows.Select(r => r.Groups[1].Value), Is.EqualTo(new[] { "1", "2" }));
        foreach (Match row in rows)
        {
            double baseline = Number(row.Groups[2].Value), method = Number(row.Groups[3].Value);
            Assert.That(new[] { baseline, method }, Is.All.InRange(0.0, 1.0));
            Assert.That(Number(row.Groups[4].Value), Is.EqualTo(method - baseline).Within(2e-4)); // three values rounded to 4 decimals
        }
        Assert.That(markdown, Does.Match(@"\| mean ± sd \| [0-9.]+ ± [0-9.]+ \| [0-9.]+ ± [0-9.]+ \|"));
        Assert.That(markdown, Does.Contain("median over seeds: baseline n/a, colab n/a."), "5 steps are too few for a trend");
        Assert.That(markdown, Does.Match(@"Paired t-test \(colab − baseline, two-sided\): mean difference [+-][0-9.]+, t = -?([0-9.]+|Infinity), df = 1, p = [0-9.]+\."));

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "experiment.json")));
        JsonElement root = json.RootElement;
        JsonElement[] runs = [.. root.GetProperty("runs").EnumerateArray()];
        Assert.That(runs.Count(r => r.GetProperty("method").GetString() == "baseline"), Is.EqualTo(2));
        Assert.That(runs.Count(r => r.GetProperty("method").GetString() == "colab"), Is.EqualTo(2));
        double Mean(string method) => runs.Where(r => r.GetProperty("method").GetString() == method).Average(r => r.GetProperty("dice").GetDouble());
        Assert.That(root.GetProperty("meanDifference").GetDouble(), Is.EqualTo(Mean("colab") - Mean("baseline")).Within(1e-12));
        Assert.That(root.GetProperty("df").GetInt32(), Is.EqualTo(1));
        foreach (JsonElement run in runs)
        {
            // The run's precision: its evaluation's per-class precision means, averaged over the foreground classes that some image predicts.
            string folder = Path.Combine(output, $"{run.GetProperty("method").GetString()}-seed{run.GetProperty("seed").GetInt64()}");
            using var evaluation = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "evaluation.json")));
            double[] classes = [.. evaluation.RootElement.GetProperty("classes").EnumerateArray().Skip(1)
                .Where(c => c.GetProperty("precision").GetProperty("count").GetInt32() > 0).Select(c => c.GetProperty("precision").GetProperty("mean").GetDouble())];
            if (classes.Length > 0) Assert.That(run.GetProperty("precision").GetDouble(), Is.EqualTo(classes.Average()).Within(1e-12), folder);
            // Its HD95: the per-class HD95 means over the foreground classes that have one; the pairs left out are summed.
            JsonElement[] hd95 = [.. evaluation.RootElement.GetProperty("classes").EnumerateArray().Skip(1).Select(c => c.GetProperty("hausdorff95"))];
            double[] measured = [.. hd95.Where(h => h.GetProperty("count").GetInt32() > 0).Select(h => h.GetProperty("mean").GetDouble())];
            Assert.That(hd95.Sum(h => h.GetProperty("count").GetInt32() + h.GetProperty("excluded").GetInt32()), Is.GreaterThan(0), $"{folder}: surface distances computed");
            if (measured.Length > 0) Assert.That(run.GetProperty("hd95").GetDouble(), Is.EqualTo(measured.Average()).Within(1e-12), folder);
            Assert.That(run.GetProperty("missedImages").GetInt32(), Is.EqualTo(hd95.Sum(h => h.GetProperty("excluded").GetInt32())), folder);
        }
        int missed = runs.Where(r => r.GetProperty("method").GetString() == "colab").Sum(r => r.GetProperty("missedImages").GetInt32());
        Assert.That(root.GetProperty("hd95").GetProperty("methodMissedImages").GetInt32(), Is.EqualTo(missed));
        Assert.That(markdown, Does.Contain("## HD95").And.Contain($"such image–class pairs over all seeds for baseline, {missed} for colab."));
        Assert.That(markdown, Does.Contain("Paired t-test (colab − baseline, two-sided)"));
        Assert.That(root.GetProperty("p").GetDouble(), Is.InRange(0.0, 1.0));
        foreach (string run in new[] { "baseline-seed1", "colab-seed1", "baseline-seed2", "colab-seed2" })
            Assert.That(File.Exists(Path.Combine(output, run, "evaluation.json")), Is.True, run);

        var again = Mlseg.Run(Tiny(output));
        Assert.That(again.ExitCode, Is.EqualTo(0), again.Error);
        Assert.That(again.Output, Does.Not.Contain(": training"));
        Assert.That(Regex.Matches(again.Output, "reused the finished run"), Has.Count.EqualTo(4));
        Assert.That(File.ReadAllText(Path.Combine(output, "experiment.md")), Is.EqualTo(markdown), "the same runs give the same report");

        File.Delete(Path.Combine(output, "colab-seed2", "evaluation.json"));
        var resumed = Mlseg.Run(Tiny(output));
        Assert.That(resumed.ExitCode, Is.EqualTo(0), resumed.Error);
        Assert.That(Regex.Matches(resumed.Output, ": training").Select(m => resumed.Output[..m.Index].Split('\n')[^1]), Is.EqualTo(new[] { "run 4/4: colab seed 2" }));

        CommandAssert.FailsWithOneLine(Mlseg.Run(Tiny(output, "--lr", "0.02")), "experiment", "holds an experiment with other settings");
    }

    [Test]
    public void EvaluatesOnTheHeldOutDataset()
    {
        string train = Path.Combine(_folder, "held-out", "train"), validation = Path.Combine(_folder, "held-out", "validation");
        foreach ((string folder, string count, string first) in new[] { (train, "8", "0"), (validation, "5", "100") })
        {
            var data = Mlseg.Run("synthetic", "--out", folder, "--count", count, "--first-index", first, "--size", "32", "--classes", "3");
            Assert.That(data.ExitCode, Is.EqualTo(0), data.Error);
        }
        string output = Path.Combine(_folder, "held-out", "experiment");
        var r = Mlseg.Run(Tiny(output, "--seeds", "1", "--steps", "1", "--data", train, "--validation-data", validation));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "experiment.json")));
        Assert.That(json.RootElement.GetProperty("trainCount").GetInt32(), Is.EqualTo(8), "all of --data trains");
        Assert.That(json.RootElement.GetProperty("validationCount").GetInt32(), Is.EqualTo(5));
        Assert.That(json.RootElement.GetProperty("validationData").GetString(), Is.EqualTo(Path.GetFullPath(validation)));
        Assert.That(File.ReadAllText(Path.Combine(output, "experiment.md")), Does.Contain($"8 training samples (all of them) and 5 validation samples from the held-out {Path.GetFullPath(validation)}"));
        using var evaluation = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "colab-seed1", "evaluation.json")));
        Assert.That(evaluation.RootElement.GetProperty("images").GetInt32(), Is.EqualTo(5), "evaluated on the 5 held-out images");

        var other = Mlseg.Run("synthetic", "--out", Path.Combine(_folder, "held-out", "two-classes"), "--count", "2", "--size", "32", "--classes", "2");
        Assert.That(other.ExitCode, Is.EqualTo(0), other.Error);
        CommandAssert.FailsWithOneLine(Mlseg.Run(Tiny(Path.Combine(_folder, "held-out", "mismatch"), "--data", train, "--validation-data", Path.Combine(_folder, "held-out", "two-classes"))),
            "experiment", "are not those of the training data");
    }

    [Test]
    public void EvaluatesFinishedRunsOnFurtherDatasetsWithoutTrainingAgain()
    {
        string root = Path.Combine(_folder, "further");
        string train = Path.Combine(root, "train"), validation = Path.Combine(root, "validation"), copy = Path.Combine(root, "copy"), holes = Path.Combine(root, "holes");
        foreach ((string folder, string count, string first) in new[] { (train, "8", "0"), (validation, "5", "100"), (copy, "5", "100") })
            Assert.That(Mlseg.Run("synthetic", "--out", folder, "--count", count, "--first-index", first, "--size", "32", "--classes", "3").ExitCode, Is.EqualTo(0));
        Assert.That(Mlseg.Run("dataset", "holes", "--data", validation, "--out", holes).ExitCode, Is.EqualTo(0));
        string output = Path.Combine(root, "experiment");
        string[] options = Tiny(output, "--steps", "20", "--data", train, "--validation-data", validation);
        Assert.That(Mlseg.Run(options).ExitCode, Is.EqualTo(0));

        var r = Mlseg.Run([.. options, "--evaluation-data", copy, "--evaluation-data", holes]);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        Assert.That(Regex.Matches(r.Output, "reused the finished run"), Has.Count.EqualTo(4), "no run trains again");
        Assert.That(r.Output, Does.Contain($"mean Dice on {Path.GetFullPath(copy)} over 2 seeds").And.Contain($"mean Dice on {Path.GetFullPath(holes)} over 2 seeds"));
        foreach (string run in new[] { "baseline-seed1", "baseline-seed2", "colab-seed1", "colab-seed2" })
        {
            double dice(string file) => JsonDocument.Parse(File.ReadAllText(Path.Combine(output, run, file))).RootElement.GetProperty("classMeanDice").GetDouble();
            Assert.That(dice("evaluation-on-copy.json"), Is.EqualTo(dice("evaluation.json")), $"{run}: the copy of the validation images gives the same Dice");
            Assert.That(File.Exists(Path.Combine(output, run, "evaluation-on-holes.json")), run);
        }
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "experiment.json")));
        JsonElement[] further = [.. json.RootElement.GetProperty("evaluationData").EnumerateArray()];
        Assert.That(further.Select(e => e.GetProperty("data").GetString()), Is.EqualTo(new[] { Path.GetFullPath(copy), Path.GetFullPath(holes) }));
        Assert.That(further[0].GetProperty("methodDice").GetProperty("mean").GetDouble(), Is.EqualTo(json.RootElement.GetProperty("methodDice").GetProperty("mean").GetDouble()).Within(1e-12));
        string markdown = File.ReadAllText(Path.Combine(output, "experiment.md"));
        Assert.That(markdown, Does.Contain($"## On {Path.GetFullPath(holes)}"));
        Assert.That(SeedRow().Matches(markdown), Has.Count.EqualTo(10), "two seed rows per table: validation Dice, precision, HD95, copy, holes");

        // The loss trend of a run: its last 2 step losses over the 2 before, from its metrics.jsonl.
        foreach (JsonElement run in json.RootElement.GetProperty("runs").EnumerateArray())
        {
            string folder = Path.Combine(output, $"{run.GetProperty("method").GetString()}-seed{run.GetProperty("seed").GetInt64()}");
            double[] losses = StepLossesIn(folder);
            Assert.That(losses, Has.Length.EqualTo(20));
            Assert.That(run.GetProperty("lossTrend").GetDouble(), Is.EqualTo((losses[18] + losses[19]) / (losses[16] + losses[17])).Within(1e-12), folder);
        }
        Assert.That(markdown, Does.Match(@"median over seeds: baseline [0-9]\.[0-9]{3}, colab [0-9]\.[0-9]{3}\."));

        CommandAssert.FailsWithOneLine(Mlseg.Run([.. options, "--evaluation-data", copy, "--evaluation-data", Path.Combine(root, "experiment", "..", "copy")]),
            "experiment", "also named 'copy'");
        var twoClasses = Path.Combine(root, "two-classes");
        Assert.That(Mlseg.Run("synthetic", "--out", twoClasses, "--count", "2", "--size", "32", "--classes", "2").ExitCode, Is.EqualTo(0));
        CommandAssert.FailsWithOneLine(Mlseg.Run([.. options, "--evaluation-data", twoClasses]), "experiment", $"--evaluation-data {Path.GetFullPath(twoClasses)}: its classes");
    }

    [Test]
    public void GeneratesTheSyntheticTask()
    {
        string output = Path.Combine(_folder, "task");
        var r = Mlseg.Run(Tiny(output, "--seeds", "1", "--steps", "1", "--synthetic-task", "HeterogeneousBackground", "--synthetic-classes", "2"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        Assert.That(File.ReadAllLines(Path.Combine(output, "data", "classes.txt")), Is.EqualTo(new[] { "background", "blob" }));
        Assert.That(File.ReadAllText(Path.Combine(output, "experiment.md")), Does.Contain("the synthetic task HeterogeneousBackground, 12 images (32×32, 2 classes, heterogeneity 1, 4 distractors"));
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "settings.json")));
        Assert.That(settings.RootElement.GetProperty("Synthetic").GetProperty("Distractors").GetInt32(), Is.EqualTo(4));
    }

    [Test]
    public void TheBaselineTrainsWithTheMethodsLoss()
    {
        // MaskSup with β = γ = 0 is the baseline trained on MaskSup's loss (its masked pass only moves BatchNorm's running
        // statistics, which training-mode forwards do not read), so with the loss fixed both arms log the same step losses.
        string output = Path.Combine(_folder, "loss");
        var r = Mlseg.Run(Tiny(output, "--method", "masksup", "--masksup-beta", "0", "--masksup-gamma", "0", "--seeds", "1", "--steps", "4"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        double[] baseline = StepLossesIn(Path.Combine(output, "baseline-seed1")), masksup = StepLossesIn(Path.Combine(output, "masksup-seed1"));
        Assert.That(baseline, Has.Length.EqualTo(4));
        Assert.That(masksup, Is.EqualTo(baseline).Within(1e-5), "the same loss on the same batches from the same weights");
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "baseline-seed1", "config.json")));
        Assert.That(config.RootElement.GetProperty("Loss").GetString(), Is.EqualTo("CrossEntropy"));
        Assert.That(File.ReadAllText(Path.Combine(output, "experiment.md")), Does.Contain("Poly schedule, CrossEntropy loss, augmentation on"));

        var dice = Mlseg.Run(Tiny(Path.Combine(_folder, "dice-loss"), "--method", "masksup", "--masksup-beta", "0", "--masksup-gamma", "0", "--seeds", "1",
            "--steps", "2", "--loss", "DiceCrossEntropy"));
        Assert.That(dice.ExitCode, Is.EqualTo(0), dice.Error);
        Assert.That(StepLossesIn(Path.Combine(_folder, "dice-loss", "masksup-seed1"))[0], Is.Not.EqualTo(masksup[0]).Within(1e-4), "--loss reaches MaskSup's terms");
        CommandAssert.FailsWithOneLine(Mlseg.Run(Tiny(Path.Combine(_folder, "colab-loss"), "--loss", "CrossEntropy")), "experiment",
            "--loss CrossEntropy: colab trains with Dice + cross-entropy; --loss applies to baseline and masksup");
    }

    private static double[] StepLossesIn(string run) => [.. File.ReadLines(Path.Combine(run, "metrics.jsonl")).Select(l => JsonDocument.Parse(l).RootElement)
        .Where(e => e.GetProperty("kind").GetString() == "step").Select(e => e.GetProperty("loss").GetDouble())];

    [TestCase("colab", "colab:freeze-generator", "colab-freeze-generator", "CoLab", "FreezeGenerator", "false", "true")]
    [TestCase("masksup", "masksup:beta=0,alpha=2", "masksup-beta-0-alpha-2", "MaskSup", "Beta", "0.5", "0")]
    [TestCase("contrastive", "contrastive:labels=ImageId", "contrastive-labels-ImageId", "Contrastive", "Labels", "Semantic", "ImageId")]
    public void ComparesAgainstAnAblation(string method, string against, string folder, string section, string field, string methodValue, string againstValue)
    {
        string output = Path.Combine(_folder, "against-" + method);
        var r = Mlseg.Run(Tiny(output, "--method", method, "--against", against, "--seeds", "1", "--steps", "2", "--masksup-beta", "0.5"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        Assert.That(r.Output, Does.Contain($"run 1/2: {against} seed 1: training").And.Contain($"run 2/2: {method} seed 1: training"));
        using var methodConfig = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, $"{method}-seed1", "config.json")));
        using var againstConfig = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, $"{folder}-seed1", "config.json")));
        static string Value(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText();
        Assert.That(Value(methodConfig.RootElement.GetProperty(section).GetProperty(field)), Is.EqualTo(methodValue));
        Assert.That(Value(againstConfig.RootElement.GetProperty(section).GetProperty(field)), Is.EqualTo(againstValue));
        Assert.That(againstConfig.RootElement.GetProperty("Method").GetString(), Is.EqualTo(method));
        Assert.That(againstConfig.RootElement.GetProperty("Training").ToString(), Is.EqualTo(methodConfig.RootElement.GetProperty("Training").ToString()), "the method's preset and budget");
        if (method == "masksup")
            Assert.That(againstConfig.RootElement.GetProperty("MaskSup").GetProperty("Alpha").GetDouble(), Is.EqualTo(2));
        Assert.That(File.ReadAllText(Path.Combine(output, "experiment.md")), Does.Contain($"# {method} vs {against}").And.Contain($"| Seed | {against} Dice | {method} Dice |"));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "experiment.json")));
        Assert.That(json.RootElement.GetProperty("against").GetString(), Is.EqualTo(against));
    }

    [TestCase(new[] { "--seeds", "0" }, "--seeds 0")]
    [TestCase(new[] { "--against", "colab" }, "--against 'colab': the same runs as --method colab")]
    [TestCase(new[] { "--against", "colab:bogus" }, "--against 'colab:bogus': 'bogus' is not an option of colab")]
    [TestCase(new[] { "--against", "colab:context-classes=two" }, "--against 'colab:context-classes=two': Cannot parse argument 'two'")]
    [TestCase(new[] { "--against", "unet:x" }, "--against 'unet:x': 'unet' is not a method")]
    [TestCase(new[] { "--validation-data", "/no/such/folder", "--validation-fraction", "0.3" }, "--validation-data and --validation-fraction exclude each other")]
    [TestCase(new[] { "--synthetic-task", "Crowded" }, "'Crowded'")]
    [TestCase(new[] { "--seed-list", "1,1" }, "--seed-list '1,1'")]
    [TestCase(new[] { "--seed-list", "1,two" }, "'two' is not an integer seed")]
    [TestCase(new[] { "--method", "baseline" }, "'baseline'")]
    [TestCase(new[] { "--data", "/no/such/folder" }, "/no/such/folder: no such dataset folder")]
    public void BadOptionsFailWithOneLine(string[] options, string expected) =>
        CommandAssert.FailsWithOneLine(Mlseg.Run(Tiny(Path.Combine(_folder, "bad"), options)), "experiment", expected);

    [Test]
    public void HelpExplainsEveryOption()
    {
        CommandAssert.HelpExplains("experiment", "--data", "--method", "--seeds", "--seed-list", "--steps", "--batch-size", "--lr", "--depth", "--width",
            "--synthetic-count", "--out", "--context-classes", "--mask-coverage-min", "--masksup-gamma", "--contrastive-lambda", "--optimizer", "--norm",
            "--masksup-mode", "--contrastive-schedule", "--validation-data", "--synthetic-task", "--against",
            "--masksup-alpha", "--masksup-beta", "--colab-freeze-generator", "--contrastive-labels", "--evaluation-data");
        Assert.That(Mlseg.Run("experiment", "--help").Output, Does.Contain("HeterogeneousBackground: 64×64, 2 classes, heterogeneity 1, 4 distractors"));
        Assert.That(Mlseg.Run("experiment", "--help").Output, Does.Contain("[default: 300]").And.Contain("[default: 3]"));
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
