using MLSegmentation.Reporting.Charts;
using MLSegmentation.Trainers.Training;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace MLSegmentation.Reporting;

/// <summary>
/// The loss per step and the validation Dice per class of a run, gathered from its progress events (in memory or
/// read back with <see cref="ProgressLog.Read"/>). A resumed run repeats the steps after its checkpoint: a step at or
/// before one already seen replaces the points from there on.
/// </summary>
public sealed class TrainingCurves
{
    private static readonly Rgb Grid = Rgb.Grey(225);
    private readonly List<DataPoint> _loss = [];
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
                _loss.Add(new DataPoint(p.Step, loss));
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
    public IReadOnlyList<DataPoint> Loss => _loss;

    /// <summary>The validation Dice of foreground class <paramref name="foregroundIndex"/> (0 = class 1) per validated step.</summary>
    public IReadOnlyList<DataPoint> ValidationDice(int foregroundIndex) =>
        [.. _validations.Select(v => new DataPoint(v.Step, foregroundIndex < v.Dice.Count ? v.Dice[foregroundIndex] : double.NaN))];

    /// <summary>Foreground classes the validations report.</summary>
    public int ForegroundClasses => _validations.Count == 0 ? 0 : _validations.Max(v => v.Dice.Count);

    /// <summary>
    /// Two charts over the steps 0 to <see cref="TotalSteps"/>: the raw loss with an exponentially smoothed line over
    /// it, and the validation Dice (0 to 1) per class in the classes' palette colours, named from
    /// <paramref name="classNames"/> (background first) when given. NaN values leave gaps.
    /// </summary>
    public Figure ToFigure(IReadOnlyList<string>? classNames = null)
    {
        PlotModel loss = Plot("Training loss", "loss");
        loss.Series.Add(Line("loss", _loss, Rgb.Grey(180), 1));
        double weight = SmoothingWeight(_loss.Count);
        if (weight > 0) loss.Series.Add(Line("smoothed", Smooth(_loss, weight), Rgb.Grey(20), 2));
        PlotModel dice = Plot("Validation Dice", "Dice", 0, 1);
        for (int k = 0; k < ForegroundClasses; k++)
        {
            LineSeries line = Line(classNames is not null && k + 1 < classNames.Count ? classNames[k + 1] : $"class {k + 1}", ValidationDice(k), ClassPalette.Of(k + 1), 2);
            line.MarkerType = MarkerType.Circle;
            line.MarkerSize = 3;
            line.MarkerFill = line.Color;
            dice.Series.Add(line);
        }

        return new Figure([loss, dice]);
    }

    /// <summary>An exponential moving average, bias-corrected so that it starts at the first value.</summary>
    internal static List<DataPoint> Smooth(IReadOnlyList<DataPoint> points, double weight)
    {
        var smoothed = new List<DataPoint>(points.Count);
        double average = 0, correction = 1;
        foreach (DataPoint p in points)
        {
            average = weight * average + (1 - weight) * p.Y;
            correction *= weight;
            smoothed.Add(new DataPoint(p.X, average / (1 - correction)));
        }

        return smoothed;
    }

    /// <summary>The average's weight: a window of about a twentieth of the steps.</summary>
    private static double SmoothingWeight(int count) => 1 - 2.0 / (Math.Max(1, count / 20) + 1);

    /// <summary>A chart with a step axis (0 to the run's steps), a vertical axis (fitted to the data where a bound is NaN) and the legend under the plot.</summary>
    private PlotModel Plot(string title, string yTitle, double yMin = double.NaN, double yMax = double.NaN)
    {
        var model = new PlotModel { Title = title, DefaultFont = ReportFont.Family, DefaultFontSize = 11, TitleFontSize = 14, Background = OxyColors.White };
        model.Axes.Add(Axis(AxisPosition.Bottom, "step", 0, Math.Max(1, TotalSteps)));
        model.Axes.Add(Axis(AxisPosition.Left, yTitle, yMin, yMax));
        model.Legends.Add(new Legend { LegendPlacement = LegendPlacement.Outside, LegendPosition = LegendPosition.BottomCenter, LegendOrientation = LegendOrientation.Horizontal });
        return model;
    }

    private static LinearAxis Axis(AxisPosition position, string title, double min, double max) =>
        new() { Position = position, Title = title, Minimum = min, Maximum = max, MajorGridlineStyle = LineStyle.Solid, MajorGridlineColor = Grid.ToOxyColor() };

    private static LineSeries Line(string title, IEnumerable<DataPoint> points, Rgb color, double thickness)
    {
        var line = new LineSeries { Title = title, Color = color.ToOxyColor(), StrokeThickness = thickness };
        line.Points.AddRange(points);
        return line;
    }
}
