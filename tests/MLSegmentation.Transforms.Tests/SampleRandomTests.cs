namespace MLSegmentation.Transforms.Tests;

public class SampleRandomTests
{
    [Test]
    public void StreamsArePureFunctionsOfTheirKeys()
    {
        ulong[] Draw(long seed, long index, long purpose)
        {
            var random = new SampleRandom(seed, index, purpose);
            return Enumerable.Range(0, 8).Select(_ => random.NextUInt64()).ToArray();
        }

        Assert.That(Draw(1, 2, 3), Is.EqualTo(Draw(1, 2, 3)));
        Assert.That(Draw(1, 2, 3), Is.Not.EqualTo(Draw(2, 2, 3)));
        Assert.That(Draw(1, 2, 3), Is.Not.EqualTo(Draw(1, 3, 3)));
        Assert.That(Draw(1, 2, 3), Is.Not.EqualTo(Draw(1, 2, 4)));
        Assert.That(Draw(0, 1, 0), Is.Not.EqualTo(Draw(1, 0, 0)), "seed and index are not interchangeable");
        ulong[] reference = Draw(7, 7, 7);
        Parallel.For(0, 8, _ => Assert.That(Draw(7, 7, 7), Is.EqualTo(reference)));
    }

    [Test]
    public void DrawsHaveTheRightDistributions()
    {
        var random = new SampleRandom(42, 0);
        const int N = 200_000;
        var counts = new int[10];
        double sum = 0, sumSquares = 0, uniformSum = 0;
        for (int i = 0; i < N; i++)
        {
            int k = random.NextInt(10);
            counts[k]++;
            double u = random.NextDouble();
            Assert.That(u, Is.InRange(0.0, 1.0).And.LessThan(1.0));
            uniformSum += u;
            double g = random.NextGaussian();
            sum += g;
            sumSquares += g * g;
        }

        Assert.That(counts, Is.All.InRange(N / 10 * 0.97, N / 10 * 1.03));
        Assert.That(uniformSum / N, Is.EqualTo(0.5).Within(0.005));
        Assert.That(sum / N, Is.EqualTo(0).Within(0.01));
        Assert.That(sumSquares / N, Is.EqualTo(1).Within(0.02));
        Assert.That(Enumerable.Range(0, 1000).Select(_ => random.NextInt(-3, 3)).Distinct().Order(), Is.EqualTo(Enumerable.Range(-3, 7)));
    }
}
