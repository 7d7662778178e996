using MLSegmentation.Reporting.Charts;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Reporting;

/// <summary>
/// The loss per step and the validation Dice per class of a run, gathered from its progress events (in memory or
/// read back with <see cref="ProgressLog.Read"/>). A resumed run repeats the steps after its checkpoint: a step at or
/// before one already seen replaces the points from there on.
/// </summary>
public sealed class TrainingCurves
{
    private readonly List<ChartPoint> _loss = [];
    private readonly List<(long Step, IReadOnlyList<double> Dice)> _validations = [];

    /// <summary>Gathers the curves of <paramref name="events"/>.</summary>
    public TrainingCurves(IEnumerable<TrainingProgress> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (TrainingProgress p in events)
        {
            TotalSteps = Math.Max(TotalSteps, p.TotalSteps);
            if (p.Kind == ProgressKind.Step && p.Loss is double loss)
            {
                if (_loss.Count > 0 && _loss[^1].X >= p.Step) _loss.RemoveAll(point => point.X >= p.Step);
                _loss.Add(new ChartPoint(p.Step, loss));
            }
            else if (p.Kind == ProgressKind.Validation && p.ValidationDice is { } dice)
            {
                if (_validations.Count > 0 && _validations[^1].Step >= p.Step) _validations.RemoveAll(v => v.Step >= p.Step);
                _validations.Add((p.Step, dice));
            }
        }
    }

    /// <summary>Steps in the run (the largest total any event reports).</summary>
    public long TotalSteps { get; }

    /// <summary>The training loss per step.</summary>
    public IReadOnlyList<ChartPoint> Loss => _loss;

    /// <summary>The validation Dice of foreground class <paramref name="foregroundIndex"/> (0 = class 1) per validated step.</summary>
    public IReadOnlyList<ChartPoint> ValidationDice(int foregroundIndex) =>
        [.. _validations.Select(v => new ChartPoint(v.Step, foregroundIndex < v.Dice.Count ? v.Dice[foregroundIndex] : double.NaN))];

    /// <summary>Foreground classes the validations report.</summary>
    public int ForegroundClasses => _validations.Count == 0 ? 0 : _validations.Max(v => v.Dice.Count);

    /// <summary>
    /// Two charts: the raw loss with an exponentially smoothed line over it, and the validation Dice per class in
    /// the classes' palette colours, named from <paramref name="classNames"/> (background first) when given.
    /// </summary>
    public Figure ToFigure(IReadOnlyList<string>? classNames = null)
    {
        (double, double) steps = (0, Math.Max(1, TotalSteps));
        var loss = new List<ChartSeries> { new("loss", _loss, Rgb.Grey(180)) { LineWidth = 1 } };
        if (SmoothingWeight(_loss.Count) > 0) loss.Add(new ChartSeries("smoothed", Smooth(_loss, SmoothingWeight(_loss.Count)), Rgb.Grey(20)) { LineWidth = 2 });
        var dice = Enumerable.Range(0, ForegroundClasses).Select(k => new ChartSeries(
            classNames is not null && k + 1 < classNames.Count ? classNames[k + 1] : $"class {k + 1}", ValidationDice(k), ClassPalette.Of(k + 1)) { LineWidth = 2, Markers = true });
        return new Figure(
        [
            new Chart("Training loss", "step", "loss", loss) { XRange = steps },
            new Chart("Validation Dice", "step", "Dice", [.. dice]) { XRange = steps, YRange = (0, 1) },
        ]);
    }

    /// <summary>An exponential moving average, bias-corrected so that it starts at the first value.</summary>
    internal static List<ChartPoint> Smooth(IReadOnlyList<ChartPoint> points, double weight)
    {
        var smoothed = new List<ChartPoint>(points.Count);
        double average = 0, correction = 1;
        foreach (ChartPoint p in points)
        {
            average = weight * average + (1 - weight) * p.Y;
            correction *= weight;
            smoothed.Add(p with { Y = average / (1 - correction) });
        }

        return smoothed;
    }

    /// <summary>The average's weight: a window of about a twentieth of the steps.</summary>
    private static double SmoothingWeight(int count) => 1 - 2.0 / (Math.Max(1, count / 20) + 1);
}
