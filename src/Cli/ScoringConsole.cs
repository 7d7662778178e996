using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MLSegmentation.Onnx;
using Spectre.Console;

namespace MLSegmentation.Cli;

/// <summary>Shows scoring progress (inputs done, inputs/s) in the chosen <see cref="OutputMode"/>.</summary>
internal sealed class ScoringConsole(OutputMode mode, int total, string unit)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private ProgressTask? _task;
    private int _done, _lastLine;

    /// <summary>Inputs scored so far.</summary>
    public int Done => _done;

    /// <summary>Seconds since the console was made.</summary>
    public double Seconds => _clock.Elapsed.TotalSeconds;

    /// <summary>Runs <paramref name="body"/> with a live progress bar when the mode is <see cref="OutputMode.Live"/>.</summary>
    public void Run(Action body)
    {
        if (mode != OutputMode.Live)
        {
            body();
            return;
        }
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                _task = ctx.AddTask("scoring", maxValue: Math.Max(1, total));
                body();
            });
    }

    /// <summary>Records one finished input.</summary>
    public void Report(SegmentationResult result)
    {
        _done++;
        switch (mode)
        {
            case OutputMode.Json:
                Console.WriteLine(JsonSerializer.Serialize(new { kind = "scored", index = result.Index, source = result.Source, mask = result.MaskPath, done = _done, total, per_s = Rate }));
                break;
            case OutputMode.Live when _task is not null:
                _task.Value = _done;
                _task.Description = Markup.Escape(Describe());
                break;
            case OutputMode.Lines when _done == total || _done - _lastLine >= Math.Max(1, total / 20):
                _lastLine = _done;
                Console.WriteLine(Describe());
                break;
        }
    }

    /// <summary>The closing summary: a sentence, or one JSON line in <see cref="OutputMode.Json"/>.</summary>
    public string Summary(string provider, string masks) => mode == OutputMode.Json
        ? JsonSerializer.Serialize(new { kind = "finished", done = _done, total, seconds = Seconds, per_s = Rate, provider, masks })
        : string.Create(CultureInfo.InvariantCulture, $"{_done} {unit}(s) scored in {Seconds:F1} s ({Rate:F1} {unit}s/s) on {provider}; masks in {masks}");

    private double Rate => _done / Math.Max(1e-9, Seconds);

    private string Describe() => string.Create(CultureInfo.InvariantCulture, $"{_done}/{total} {unit}s  {Rate:F1} {unit}s/s");
}
