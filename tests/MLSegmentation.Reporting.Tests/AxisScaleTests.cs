using MLSegmentation.Reporting.Charts;

namespace MLSegmentation.Reporting.Tests;

public class AxisScaleTests
{
    [Test]
    public void UnitRangeTicksInFifths()
    {
        AxisScale axis = AxisScale.Nice(0, 1);
        Assert.That(axis.Ticks, Is.EqualTo(new[] { 0, 0.2, 0.4, 0.6, 0.8, 1.0 }));
        Assert.That(axis.Ticks.Select(axis.Label), Is.EqualTo(new[] { "0.0", "0.2", "0.4", "0.6", "0.8", "1.0" }));
    }

    [TestCase(0, 20, new[] { 0.0, 5, 10, 15, 20 })]
    [TestCase(0, 1000, new[] { 0.0, 200, 400, 600, 800, 1000 })]
    [TestCase(0.31, 1.27, new[] { 0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4 })]
    [TestCase(-3, 7, new[] { -4.0, -2, 0, 2, 4, 6, 8 })]
    public void RangeWidensToWholeNiceSteps(double min, double max, double[] ticks)
    {
        AxisScale axis = AxisScale.Nice(min, max);
        Assert.That(axis.Ticks, Is.EqualTo(ticks));
        Assert.That((axis.Min, axis.Max), Is.EqualTo((ticks[0], ticks[^1])));
    }

    [Test]
    public void AConstantSeriesGetsARangeAroundIt()
    {
        AxisScale axis = AxisScale.Nice(3, 3);
        Assert.That(axis.Min, Is.LessThan(3));
        Assert.That(axis.Max, Is.GreaterThan(3));
        Assert.That(AxisScale.Nice(0, 0).Ticks, Does.Contain(0.0));
    }

    [Test]
    public void MapIsLinearFromMinToMax()
    {
        AxisScale axis = AxisScale.Nice(0, 1);
        Assert.That(axis.Map(0, 300, 100), Is.EqualTo(300));
        Assert.That(axis.Map(1, 300, 100), Is.EqualTo(100));
        Assert.That(axis.Map(0.25, 300, 100), Is.EqualTo(250).Within(1e-9));
    }
}
