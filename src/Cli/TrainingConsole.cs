using System.Globalization;
using MLSegmentation.Trainers.Training;
using Spectre.Console;

namespace MLSegmentation.Cli;

/// <summary>Shows training progress in the chosen <see cref="OutputMode"/>.</summary>
internal sealed class TrainingConsole(OutputMode mode)
{
    private ProgressTask? _task;
    private long _lastLineStep;

    /// <summary>Runs <paramref name="body"/> with a live progress bar when the mode is <see cref="OutputMode.Live"/>.</summary>
    public T Run<T>(long totalSteps, Func<T> body)
    {
        if (mode != OutputMode.Live) return body();
        return AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                _task = ctx.AddTask("training", maxValue: totalSteps);
                return body();
            });
    }

    public void Report(TrainingProgress p)
    {
        switch (mode)
        {
            case OutputMode.Json:
                Console.WriteLine(RunFolder.JsonLine(p));
                break;
            case OutputMode.Live when _task is not null:
                _task.Value = p.Step;
                _task.Description = Markup.Escape(Describe(p));
                break;
            case OutputMode.Lines when p.Kind != ProgressKind.Step || p.Step - _lastLineStep >= Math.Max(1, p.TotalSteps / 20):
                _lastLineStep = p.Step;
                Console.WriteLine(Describe(p));
                break;
        }
    }

    internal static string Describe(TrainingProgress p)
    {
        var parts = new List<string> { string.Create(CultureInfo.InvariantCulture, $"step {p.Step}/{p.TotalSteps}") };
        if (p.Loss is double loss) parts.Add(string.Create(CultureInfo.InvariantCulture, $"loss {loss:F4}"));
        if (p.ValidationDice is { Count: > 0 } dice) parts.Add(string.Create(CultureInfo.InvariantCulture, $"val Dice {dice.Where(d => !double.IsNaN(d)).DefaultIfEmpty().Average():F3}"));
        if (p.ImagesPerSecond is double rate) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{rate:F1} img/s"));
        if (p.Eta is TimeSpan eta && p.Kind == ProgressKind.Step) parts.Add($"ETA {eta:hh\\:mm\\:ss}");
        if (p.Kind == ProgressKind.Checkpoint) parts.Add($"checkpoint {p.Path}");
        if (p.Kind == ProgressKind.Finished) parts.Add(p.Message ?? "finished");
        return string.Join("  ", parts);
    }
}
