using System.Text.Json;
using MLSegmentation.Reporting.Charts;
using MLSegmentation.Trainers.Training;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace MLSegmentation.Reporting.Tests;

public class TrainingCurvesTests
{
    private static TrainingProgress Step(long step, double loss) => new() { Kind = ProgressKind.Step, Step = step, TotalSteps = 12, Loss = loss };

    private static TrainingProgress Validation(long step, params double[] dice) => new() { Kind = ProgressKind.Validation, Step = step, TotalSteps = 12, ValidationDice = dice };

    [Test]
    public void LossAndDicePerClassComeFromTheEvents()
    {
        var curves = new TrainingCurves([Step(1, 2), Step(2, 1.5), Validation(2, 0.1, 0.2), Step(3, 1), Validation(3, 0.3, 0.4),
            new TrainingProgress { Kind = ProgressKind.Checkpoint, Step = 3, TotalSteps = 12, Path = "x" }]);
        Assert.That(curves.TotalSteps, Is.EqualTo(12));
        Assert.That(curves.Loss, Is.EqualTo(new DataPoint[] { new(1, 2), new(2, 1.5), new(3, 1) }));
        Assert.That(curves.ForegroundClasses, Is.EqualTo(2));
        Assert.That(curves.ValidationDice(1), Is.EqualTo(new DataPoint[] { new(2, 0.2), new(3, 0.4) }));
    }

    [Test]
    public void AResumedRunReplacesTheStepsItRepeats()
    {
        IEnumerable<TrainingProgress> first = [.. Enumerable.Range(1, 10).Select(s => Step(s, 1)), Validation(5, 0.5)];
        IEnumerable<TrainingProgress> resumed = [.. Enumerable.Range(6, 7).Select(s => Step(s, 2)), Validation(10, 0.7)];
        var curves = new TrainingCurves([.. first, .. resumed]);
        Assert.That(curves.Loss.Select(p => p.X), Is.EqualTo(Enumerable.Range(1, 12).Select(s => (double)s)));
        Assert.That(curves.Loss.Where(p => p.X >= 6).Select(p => p.Y), Is.All.EqualTo(2.0));
        Assert.That(curves.ValidationDice(0), Is.EqualTo(new DataPoint[] { new(5, 0.5), new(10, 0.7) }));
    }

    [Test]
    public void SmoothingStartsAtTheFirstValueAndFollowsTheTrend()
    {
        List<DataPoint> smoothed = TrainingCurves.Smooth([new(1, 4), new(2, 4), new(3, 0)], 0.5);
        Assert.That(smoothed.Select(p => p.Y), Is.EqualTo(new[] { 4.0, 4.0, 4.0 * 3 / 7 }).Within(1e-12));
    }

    [Test]
    public void TheFigureHasALossChartAndADiceChartNamedAfterTheClasses()
    {
        var curves = new TrainingCurves([.. Enumerable.Range(1, 100).Select(s => Step(s, 1.0 / s)), Validation(50, 0.5, 0.6)]);
        Figure figure = curves.ToFigure(["background", "liver", "tumour"]);
        Assert.That(figure.Panels.Select(p => p.Title), Is.EqualTo(new[] { "Training loss", "Validation Dice" }));
        Assert.That(figure.Panels[0].Series.Select(s => s.Title), Is.EqualTo(new[] { "loss", "smoothed" }));
        Assert.That(figure.Panels[1].Series.Select(s => s.Title), Is.EqualTo(new[] { "liver", "tumour" }));
        Assert.That(((LineSeries)figure.Panels[1].Series[1]).Color, Is.EqualTo(ClassPalette.Of(2).ToOxyColor()));
        Assert.That(figure.Panels.Select(p => p.Axes.Single(a => a.Position == AxisPosition.Bottom)).Select(a => (a.Minimum, a.Maximum, a.Title)),
            Is.All.EqualTo((0.0, 12.0, "step")), "both step axes span the run's steps");
        Axis dice = figure.Panels[1].Axes.Single(a => a.Position == AxisPosition.Left);
        Assert.That((dice.Minimum, dice.Maximum, dice.Title), Is.EqualTo((0.0, 1.0, "Dice")));
        Assert.That(figure.Panels[0].Axes.Single(a => a.Position == AxisPosition.Left).Minimum, Is.NaN, "the loss axis fits the data");
    }

    [Test]
    public void ThePlottedPointsAreTheValuesOfTheRunsMetricsLog()
    {
        using var run = new FakeRun();
        Figure figure = new TrainingCurves(ProgressLog.Read(run.MetricsLog)).ToFigure(run.Report.ClassNames);
        var steps = new List<DataPoint>();
        var dice = new List<DataPoint>[] { [], [] };
        foreach (string line in File.ReadLines(run.MetricsLog))
        {
            using JsonDocument json = JsonDocument.Parse(line);
            JsonElement e = json.RootElement;
            double step = e.GetProperty("step").GetDouble();
            if (e.GetProperty("kind").GetString() == "step") steps.Add(new DataPoint(step, e.GetProperty("loss").GetDouble()));
            if (e.GetProperty("kind").GetString() != "validation") continue;
            for (int k = 0; k < 2; k++) dice[k].Add(new DataPoint(step, e.GetProperty("validation_dice")[k].GetDouble()));
        }

        Assert.That(steps, Has.Count.EqualTo(40));
        Assert.That(Points(figure.Panels[0], "loss"), Is.EqualTo(steps));
        Assert.That(Points(figure.Panels[0], "smoothed").Select(p => p.X), Is.EqualTo(steps.Select(p => p.X)));
        Assert.That(Points(figure.Panels[1], "blob"), Is.EqualTo(dice[0]));
        Assert.That(Points(figure.Panels[1], "shape"), Is.EqualTo(dice[1]));
        Assert.That(dice[1], Has.Count.EqualTo(4));
    }

    private static List<DataPoint> Points(PlotModel model, string title) => ((LineSeries)model.Series.Single(s => s.Title == title)).Points;
}
