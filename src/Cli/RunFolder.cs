using MLSegmentation.Reporting;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;

namespace MLSegmentation.Cli;

/// <summary>
/// A training run's folder: <c>config.json</c>, <c>metrics.jsonl</c> (one line per progress event, see
/// <see cref="ProgressLog"/>), <c>checkpoints/</c> (last.mlseg, best.mlseg), <c>model.mlseg</c>, <c>evaluation.json</c> and
/// <c>evaluation.txt</c>, and the run's report (<see cref="RunReport"/>): <c>curves.svg</c> and <c>curves.png</c> (loss
/// and validation Dice per class against the step), <c>overlays/</c> (image | truth | prediction of up to 8 validation
/// samples) and <c>report.html</c> (configuration, metrics table, curves and overlays on one page).
/// </summary>
internal sealed class RunFolder
{
    public RunFolder(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Config => Combine("config.json");
    public string Metrics => Combine("metrics.jsonl");
    public string Checkpoints => Combine("checkpoints");
    public string Model => Combine("model.mlseg");
    public string EvaluationJson => Combine("evaluation.json");
    public string EvaluationText => Combine("evaluation.txt");
    public string Report => Combine(RunReport.FileName);

    private string Combine(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a small text file atomically (temp file, then rename).</summary>
    public static void WriteText(string path, string text) => AtomicFile.WriteAllText(path, text);

    /// <summary>A progress event as one JSON line.</summary>
    public static string JsonLine(TrainingProgress p) => ProgressLog.ToJsonLine(p);
}
