namespace MLSegmentation.Transforms.Tests;

public class DistanceTransformTests
{
    private static readonly int[] Size2D = [19, 27];
    private static readonly int[] Size3D = [7, 9, 11];

    [Test]
    public void MatchesBruteForceIn2DWithAnisotropicSpacing()
    {
        for (int trial = 0; trial < 20; trial++)
        {
            var random = new SampleRandom(6, trial);
            LabelMap labels = RandomLabels(random, Size2D, [random.Uniform(0.3, 3), random.Uniform(0.3, 3)], density: random.Uniform(0.001, 0.6));
            AssertMatchesBruteForce(labels, DistanceTransform.SignedDistance(labels), l => l > 0);
        }
    }

    [Test]
    public void MatchesBruteForceIn3DWithAnisotropicSpacing()
    {
        for (int trial = 0; trial < 8; trial++)
        {
            var random = new SampleRandom(7, trial);
            LabelMap labels = RandomLabels(random, Size3D, [2.5, 1.0, 0.6], density: random.Uniform(0.002, 0.5));
            AssertMatchesBruteForce(labels, DistanceTransform.SignedDistance(labels), l => l > 0);
        }
    }

    [Test]
    public void RoiCanBeAChosenSetOfLabels()
    {
        LabelMap labels = RandomLabels(new SampleRandom(8, 0), Size2D, [1.0, 1.0], density: 0.3);
        var roi = new HashSet<int> { 2 };
        AssertMatchesBruteForce(labels, DistanceTransform.SignedDistance(labels, roi), roi.Contains);
    }

    [Test]
    public void EmptyAndFullMapsAreInfinite()
    {
        var empty = new LabelMap([4, 5]);
        Assert.That(DistanceTransform.SignedDistance(empty).Data, Is.All.EqualTo(float.PositiveInfinity));
        var full = new LabelMap([4, 5], Enumerable.Repeat(1, 20).ToArray());
        Assert.That(DistanceTransform.SignedDistance(full).Data, Is.All.EqualTo(float.NegativeInfinity));
    }

    [Test]
    public void SinglePixelGivesItsRadialDistance()
    {
        var labels = new LabelMap([5, 7], spacing: [2.0, 1.0]);
        labels[2, 3] = 1;
        Image d = DistanceTransform.SignedDistance(labels);
        Assert.That(d[0, 2, 3], Is.EqualTo(-1f), "inside: minus the distance to the nearest background pixel (one column away)");
        Assert.That(d[0, 0, 0], Is.EqualTo((float)Math.Sqrt(16 + 9)));
        Assert.That(d.Spacing, Is.EqualTo(labels.Spacing));
    }

    [Test]
    public void LargeVolumeRunsInLinearTime()
    {
        var labels = new LabelMap([64, 128, 128]);
        labels[10, 20, 30] = 1;
        labels[50, 100, 90] = 3;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Image d = DistanceTransform.SignedDistance(labels);
        watch.Stop();
        Assert.That(d[0, 63, 127, 127], Is.EqualTo((float)Math.Sqrt(13 * 13 + 27 * 27 + 37 * 37)).Within(1e-4));
        Assert.That(watch.Elapsed.TotalSeconds, Is.LessThan(5), "1 M voxels");
    }

    private static LabelMap RandomLabels(SampleRandom random, int[] size, double[] spacing, double density)
    {
        var labels = new LabelMap(size, spacing: spacing);
        for (int i = 0; i < labels.Data.Length; i++)
        {
            labels.Data[i] = random.Chance(density) ? random.NextInt(1, 3) : 0;
        }

        return labels;
    }

    private static void AssertMatchesBruteForce(LabelMap labels, Image distances, Func<int, bool> isRoi)
    {
        int dims = labels.Dimensions;
        int[] size = [.. labels.Size];
        int Coord(int index, int axis)
        {
            for (int a = dims - 1; a > axis; a--)
            {
                index /= size[a];
            }

            return index % size[axis];
        }

        for (int i = 0; i < labels.Data.Length; i++)
        {
            bool inside = isRoi(labels.Data[i]);
            double best = double.PositiveInfinity;
            for (int j = 0; j < labels.Data.Length; j++)
            {
                if (isRoi(labels.Data[j]) == inside)
                {
                    continue;
                }

                double sum = 0;
                for (int a = 0; a < dims; a++)
                {
                    double delta = (Coord(i, a) - Coord(j, a)) * labels.Spacing[a];
                    sum += delta * delta;
                }

                best = Math.Min(best, sum);
            }

            double expected = inside ? -Math.Sqrt(best) : Math.Sqrt(best);
            Assert.That(distances.Data[i], Is.EqualTo(expected).Within(1e-5 * Math.Max(1, Math.Abs(expected))), $"voxel {i}");
        }
    }
}
