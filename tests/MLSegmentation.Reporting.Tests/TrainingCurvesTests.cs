using MLSegmentation.Reporting.Charts;
using MLSegmentation.Trainers.Training;

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
        Assert.That(curves.Loss, Is.EqualTo(new ChartPoint[] { new(1, 2), new(2, 1.5), new(3, 1) }));
        Assert.That(curves.ForegroundClasses, Is.EqualTo(2));
        Assert.That(curves.ValidationDice(1), Is.EqualTo(new ChartPoint[] { new(2, 0.2), new(3, 0.4) }));
    }

    [Test]
    public void AResumedRunReplacesTheStepsItRepeats()
    {
        IEnumerable<TrainingProgress> first = [.. Enumerable.Range(1, 10).Select(s => Step(s, 1)), Validation(5, 0.5)];
        IEnumerable<TrainingProgress> resumed = [.. Enumerable.Range(6, 7).Select(s => Step(s, 2)), Validation(10, 0.7)];
        var curves = new TrainingCurves([.. first, .. resumed]);
        Assert.That(curves.Loss.Select(p => p.X), Is.EqualTo(Enumerable.Range(1, 12).Select(s => (double)s)));
        Assert.That(curves.Loss.Where(p => p.X >= 6).Select(p => p.Y), Is.All.EqualTo(2.0));
        Assert.That(curves.ValidationDice(0), Is.EqualTo(new ChartPoint[] { new(5, 0.5), new(10, 0.7) }));
    }

    [Test]
    public void SmoothingStartsAtTheFirstValueAndFollowsTheTrend()
    {
        List<ChartPoint> smoothed = TrainingCurves.Smooth([new(1, 4), new(2, 4), new(3, 0)], 0.5);
        Assert.That(smoothed.Select(p => p.Y), Is.EqualTo(new[] { 4.0, 4.0, 4.0 * 3 / 7 }).Within(1e-12));
    }

    [Test]
    public void TheFigureHasALossChartAndADiceChartNamedAfterTheClasses()
    {
        var curves = new TrainingCurves([.. Enumerable.Range(1, 100).Select(s => Step(s, 1.0 / s)), Validation(50, 0.5, 0.6)]);
        Figure figure = curves.ToFigure(["background", "liver", "tumour"]);
        Assert.That(figure.Panels.Select(p => p.Title), Is.EqualTo(new[] { "Training loss", "Validation Dice" }));
        Assert.That(figure.Panels[0].Series.Select(s => s.Name), Is.EqualTo(new[] { "loss", "smoothed" }));
        Assert.That(figure.Panels[1].Series.Select(s => s.Name), Is.EqualTo(new[] { "liver", "tumour" }));
        Assert.That(figure.Panels[1].Series[1].Color, Is.EqualTo(ClassPalette.Of(2)));
        Assert.That(figure.Panels[1].YRange, Is.EqualTo((0.0, 1.0)));
    }
}
