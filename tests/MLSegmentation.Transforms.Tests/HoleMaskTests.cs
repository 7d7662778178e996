namespace MLSegmentation.Transforms.Tests;

public class HoleMaskTests
{
    [Test]
    public void CoverageStaysInTheRangeAndSpreadsOverIt()
    {
        var generator = new HoleMaskGenerator(null, seed: 11);
        var coverages = new List<double>();
        for (int i = 0; i < 150; i++)
        {
            (int h, int w) = (i % 3) switch { 0 => (64, 64), 1 => (48, 80), _ => (96, 72) };
            Image mask = generator.Generate(h, w, i);
            Assert.That(mask.Data, Is.All.EqualTo(0f).Or.EqualTo(1f));
            double coverage = mask.Data.Sum() / mask.Data.Length;
            Assert.That(coverage, Is.InRange(0.4, 0.6 + 1.0 / mask.Data.Length), $"draw {i}");
            coverages.Add(coverage);
        }

        Assert.That(coverages.Min(), Is.LessThan(0.43));
        Assert.That(coverages.Max(), Is.GreaterThan(0.57));
        Assert.That(coverages.Average(), Is.EqualTo(0.5).Within(0.02));
    }

    [Test]
    public void CustomRangeIsHonoured()
    {
        var generator = new HoleMaskGenerator(new HoleMaskOptions { MaskCoverageMin = 0.1, MaskCoverageMax = 0.2 }, seed: 3);
        for (int i = 0; i < 50; i++)
        {
            double coverage = generator.Generate(50, 70, i).Data.Sum() / 3500.0;
            Assert.That(coverage, Is.InRange(0.1, 0.2 + 1 / 3500.0));
        }
    }

    [Test]
    public void MasksAreDeterministicPerSeedAndIndex()
    {
        var a = new HoleMaskGenerator(null, seed: 5);
        var b = new HoleMaskGenerator(null, seed: 5);
        var c = new HoleMaskGenerator(null, seed: 6);
        Assert.That(a.Generate(64, 64, 9).Data, Is.EqualTo(b.Generate(64, 64, 9).Data));
        Assert.That(a.Generate(64, 64, 9).Data, Is.Not.EqualTo(c.Generate(64, 64, 9).Data));
        Assert.That(a.Generate(64, 64, 9).Data, Is.Not.EqualTo(a.Generate(64, 64, 10).Data));
        float[] reference = a.Generate(64, 64, 42).Data;
        Parallel.For(0, 8, _ => Assert.That(a.Generate(64, 64, 42).Data, Is.EqualTo(reference)));
    }

    [Test]
    public void MasksAreStrokesNotSpeckle()
    {
        Image mask = new HoleMaskGenerator(null, seed: 1).Generate(96, 96, 0);
        int covered = 0;
        int interior = 0;
        for (int y = 1; y < 95; y++)
        {
            for (int x = 1; x < 95; x++)
            {
                if (mask[0, y, x] == 1)
                {
                    covered++;
                    if (mask[0, y - 1, x] == 1 && mask[0, y + 1, x] == 1 && mask[0, y, x - 1] == 1 && mask[0, y, x + 1] == 1)
                    {
                        interior++;
                    }
                }
            }
        }

        Assert.That((double)interior / covered, Is.GreaterThan(0.7), "most hole pixels lie inside thick strokes");
    }

    [Test]
    public void InvalidOptionsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new HoleMaskGenerator(new HoleMaskOptions { MaskCoverageMin = 0.7, MaskCoverageMax = 0.6 }, 0));
        Assert.Throws<ArgumentException>(() => new HoleMaskGenerator(new HoleMaskOptions { MaskCoverageMax = 1.0 }, 0));
        Assert.Throws<ArgumentException>(() => new HoleMaskGenerator(new HoleMaskOptions { BrushWidthMin = 0 }, 0));
    }
}
