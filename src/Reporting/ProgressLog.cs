using System.Text.Json;
using System.Text.Json.Serialization;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Reporting;

/// <summary>
/// Progress events as JSON lines (a run folder's <c>metrics.jsonl</c>, <c>mlseg train --json</c>): one object per
/// event with snake_case fields <c>kind</c>, <c>step</c>, <c>total_steps</c>, <c>loss</c>, <c>lr</c>,
/// <c>images_per_s</c>, <c>eta_s</c>, <c>validation_dice</c>, <c>path</c> and <c>message</c>.
/// </summary>
public static class ProgressLog
{
    private static readonly JsonSerializerOptions Options = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>The event as one JSON line (no line break).</summary>
    public static string ToJsonLine(TrainingProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return JsonSerializer.Serialize(new Line(progress.Kind.ToString().ToLowerInvariant(), progress.Step, progress.TotalSteps, progress.Loss,
            progress.LearningRate, progress.ImagesPerSecond, progress.Eta?.TotalSeconds, progress.ValidationDice, progress.Path, progress.Message), Options);
    }

    /// <summary>Reads the event of one line written by <see cref="ToJsonLine"/>.</summary>
    /// <exception cref="JsonException">The line is not such an event.</exception>
    public static TrainingProgress Parse(string line)
    {
        Line l = JsonSerializer.Deserialize<Line>(line, Options) ?? throw new JsonException("a progress line holds an object");
        if (!Enum.TryParse(l.Kind, ignoreCase: true, out ProgressKind kind) || !Enum.IsDefined(kind))
            throw new JsonException($"unknown progress kind '{l.Kind}'");
        return new TrainingProgress
        {
            Kind = kind, Step = l.Step, TotalSteps = l.TotalSteps, Loss = l.Loss, LearningRate = l.Lr, ImagesPerSecond = l.ImagesPerS,
            Eta = l.EtaS is double s ? TimeSpan.FromSeconds(s) : null, ValidationDice = l.ValidationDice, Path = l.Path, Message = l.Message,
        };
    }

    /// <summary>Every event of a JSON-lines file, blank lines skipped.</summary>
    /// <exception cref="InvalidDataException">A line is not an event; the message names the file and line.</exception>
    public static List<TrainingProgress> Read(string path)
    {
        var events = new List<TrainingProgress>();
        int number = 0;
        foreach (string line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                events.Add(Parse(line));
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}, line {number}: not a progress event ({e.Message})", e);
            }
        }

        return events;
    }

    private sealed record Line(
        [property: JsonPropertyName("kind")] string Kind,
        [property: JsonPropertyName("step")] long Step,
        [property: JsonPropertyName("total_steps")] long TotalSteps,
        [property: JsonPropertyName("loss")] double? Loss,
        [property: JsonPropertyName("lr")] double? Lr,
        [property: JsonPropertyName("images_per_s")] double? ImagesPerS,
        [property: JsonPropertyName("eta_s")] double? EtaS,
        [property: JsonPropertyName("validation_dice")] IReadOnlyList<double>? ValidationDice,
        [property: JsonPropertyName("path")] string? Path,
        [property: JsonPropertyName("message")] string? Message);
}
