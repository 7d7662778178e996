using System.Text;
using System.Text.Json;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Cli;

/// <summary>
/// A training run's folder: <c>config.json</c>, <c>metrics.jsonl</c> (one line per progress event),
/// <c>checkpoints/</c> (last.msd, best.msd), <c>model.msd</c>, <c>evaluation.json</c> and <c>evaluation.txt</c>.
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
    public string Model => Combine("model.msd");
    public string EvaluationJson => Combine("evaluation.json");
    public string EvaluationText => Combine("evaluation.txt");

    private string Combine(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a small text file atomically (temp file, then rename).</summary>
    public static void WriteText(string path, string text)
    {
        string temp = path + ".tmp";
        File.WriteAllText(temp, text, new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>A progress event as one JSON line.</summary>
    public static string JsonLine(TrainingProgress p) => JsonSerializer.Serialize(new
    {
        kind = p.Kind.ToString().ToLowerInvariant(),
        step = p.Step,
        total_steps = p.TotalSteps,
        loss = p.Loss,
        lr = p.LearningRate,
        images_per_s = p.ImagesPerSecond,
        eta_s = p.Eta?.TotalSeconds,
        validation_dice = p.ValidationDice,
        path = p.Path,
        message = p.Message,
    });
}
