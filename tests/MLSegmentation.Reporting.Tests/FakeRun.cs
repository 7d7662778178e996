using MLSegmentation.Reporting.Overlays;
using MLSegmentation.Trainers.Metrics;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;

namespace MLSegmentation.Reporting.Tests;

/// <summary>A tiny made-up run (progress in metrics.jsonl, metrics, overlays) whose report the tests write into a temporary folder.</summary>
internal sealed class FakeRun : IDisposable
{
    public FakeRun(string title = "fake run", params string[] classNames)
    {
        Folder = Directory.CreateTempSubdirectory("mlseg-report-").FullName;
        string[] names = classNames.Length > 0 ? classNames : ["background", "blob", "shape"];
        var samples = Enumerable.Range(0, 3).Select(Sample).ToList();
        var metrics = new MetricsAccumulator(new MetricsOptions(names.Length) { ClassNames = names });
        foreach (OverlaySample s in samples) metrics.Add(s.Prediction, s.Truth!);
        Report = new RunReport
        {
            Title = title,
            Configuration = RunReport.ConfigurationFromJson("""{ "Method": "baseline", "Training": { "Steps": 40, "LearningRate": 0.001 }, "Size": [32, 32] }"""),
            Progress =
            [
                .. Enumerable.Range(1, 40).Select(s => new TrainingProgress { Kind = ProgressKind.Step, Step = s, TotalSteps = 40, Loss = 2.0 / s }),
                .. Enumerable.Range(1, 4).Select(v => new TrainingProgress { Kind = ProgressKind.Validation, Step = 10 * v, TotalSteps = 40, ValidationDice = [0.2 * v, 0.15 * v] }),
            ],
            Metrics = metrics.Report(),
            ClassNames = names,
            Overlays = samples,
        };
        File.WriteAllLines(MetricsLog, Report.Progress.Select(ProgressLog.ToJsonLine));
        Files = Report.Write(Folder);
    }

    public string Folder { get; }

    public RunReport Report { get; }

    public ReportFiles Files { get; }

    public string Html => File.ReadAllText(Files.Html);

    /// <summary>The run's progress events as a run folder holds them.</summary>
    public string MetricsLog => Path.Combine(Folder, "metrics.jsonl");

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    /// <summary>A 32×32 gradient with a square of class 1 and a bar of class 2; the prediction shifted by one pixel.</summary>
    private static OverlaySample Sample(int k)
    {
        const int n = 32;
        var image = new Image(1, [n, n], [.. Enumerable.Range(0, n * n).Select(i => (float)(i % n + k))]);
        int Label(int y, int x, int shift) => y >= 8 + shift && y < 18 + shift && x >= 8 && x < 18 ? 1 : y >= 24 && x >= 4 + shift && x < 28 ? 2 : 0;
        var truth = new LabelMap([n, n], [.. Enumerable.Range(0, n * n).Select(i => Label(i / n, i % n, 0))]);
        var prediction = new LabelMap([n, n], [.. Enumerable.Range(0, n * n).Select(i => Label(i / n, i % n, 1))]);
        return new OverlaySample($"case_{k}", image, truth, prediction);
    }
}
