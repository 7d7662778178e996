using MLSegmentation.Trainers.Experiments;

namespace MLSegmentation.Trainers.Tests;

public class PairedTTestTests
{
    [Test]
    public void TIsTheMeanDifferenceOverItsStandardError()
    {
        // d = 1, 2, 3, 4, 5: mean 3, sd² = (4 + 1 + 0 + 1 + 4) / 4 = 2.5, standard error √(2.5 / 5) = √0.5, t = 3 / √0.5.
        PairedTTestResult r = PairedTTest.Test([2, 4, 6, 8, 10], [1, 2, 3, 4, 5]);
        Assert.That(r.MeanDifference, Is.EqualTo(3).Within(1e-12));
        Assert.That(r.T, Is.EqualTo(3 / Math.Sqrt(0.5)).Within(1e-12));
        Assert.That(r.DegreesOfFreedom, Is.EqualTo(4));
        // t = 4.243 with 4 df lies between the table's 3.747 (p = 0.02) and 4.604 (p = 0.01).
        Assert.That(r.P, Is.InRange(0.01, 0.02));
    }

    [Test]
    public void TheSignFollowsAMinusB()
    {
        PairedTTestResult forward = PairedTTest.Test([0.8, 0.7, 0.9], [0.6, 0.65, 0.7]);
        PairedTTestResult backward = PairedTTest.Test([0.6, 0.65, 0.7], [0.8, 0.7, 0.9]);
        Assert.That(forward.MeanDifference, Is.EqualTo(0.15).Within(1e-12));
        Assert.That(backward.T, Is.EqualTo(-forward.T).Within(1e-12));
        Assert.That(backward.P, Is.EqualTo(forward.P).Within(1e-12));
    }

    // Critical values of Student's t (two-sided) from the standard table, and exact closed forms:
    // df = 1 is the Cauchy distribution, P(|T| ≥ 1) = 1/2; df = 2 has P(|T| ≥ t) = 1 − t / √(2 + t²).
    [TestCase(2.776, 4, 0.05, 2e-4)]
    [TestCase(4.604, 4, 0.01, 1e-4)]
    [TestCase(12.706, 1, 0.05, 1e-4)]
    [TestCase(2.228, 10, 0.05, 2e-4)]
    [TestCase(2.042, 30, 0.05, 2e-4)]
    [TestCase(1.96, 1e7, 0.05, 2e-4)]
    [TestCase(1.0, 1, 0.5, 1e-12)]
    [TestCase(2.0, 2, 0.18350341907227397, 1e-12)]
    [TestCase(-2.0, 2, 0.18350341907227397, 1e-12)]
    [TestCase(0.0, 3, 1.0, 1e-15)]
    public void TwoSidedPMatchesTheTable(double t, double df, double expected, double tolerance) =>
        Assert.That(PairedTTest.TwoSidedP(t, df), Is.EqualTo(expected).Within(tolerance));

    [Test]
    public void EqualDifferencesGiveAnInfiniteOrZeroT()
    {
        PairedTTestResult same = PairedTTest.Test([0.5, 0.6], [0.5, 0.6]);
        Assert.That((same.T, same.P), Is.EqualTo((0.0, 1.0)));
        PairedTTestResult shifted = PairedTTest.Test([0.4, 0.5], [0.5, 0.6]);
        Assert.That(shifted.T, Is.EqualTo(double.NegativeInfinity));
        Assert.That(shifted.P, Is.Zero);
    }

    [Test]
    public void StandardDeviationIsTheSampleOne()
    {
        Assert.That(PairedTTest.StandardDeviation([1, 2, 3, 4, 5]), Is.EqualTo(Math.Sqrt(2.5)).Within(1e-12));
        Assert.That(PairedTTest.StandardDeviation([7]), Is.Zero);
    }

    [Test]
    public void UnpairedSamplesAreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => PairedTTest.Test([1, 2, 3], [1, 2]));
        Assert.That(e!.Message, Does.Contain("same size").And.Contain("3 and 2"));
        Assert.Throws<ArgumentException>(() => PairedTTest.Test([1], [2]));
    }
}
