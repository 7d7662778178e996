using MLSegmentation.Trainers.Metrics;
using MLSegmentation.Transforms;

namespace MLSegmentation.Trainers.Tests;

public class MetricsSurfaceDistanceTests
{
    private const double Tolerance = 1e-12;

    [Test]
    public void SurfaceIsTheMaskVoxelsWithAFaceNeighbourOutside()
    {
        // A 3×3 square inside a 5×5 grid: the ring of 8, not the centre.
        var square = new bool[25];
        for (int y = 1; y <= 3; y++)
        {
            for (int x = 1; x <= 3; x++)
            {
                square[y * 5 + x] = true;
            }
        }

        bool[] surface = SurfaceDistance.Surface(square, [5, 5]);
        Assert.That(surface.Count(s => s), Is.EqualTo(8));
        Assert.That(surface[2 * 5 + 2], Is.False);

        // Diagonal neighbours do not count (4-connectivity): a plus shape's centre is interior.
        var plus = new bool[25];
        foreach (int i in new[] { 7, 11, 12, 13, 17 })
        {
            plus[i] = true;
        }

        Assert.That(SurfaceDistance.Surface(plus, [5, 5])[12], Is.False);

        // The grid border is outside: a full 3×3×3 grid has 26 surface voxels.
        bool[] cube = SurfaceDistance.Surface(Enumerable.Repeat(true, 27).ToArray(), [3, 3, 3]);
        Assert.That(cube.Count(s => s), Is.EqualTo(26));
        Assert.That(cube[13], Is.False);
    }

    [Test]
    public void SquaresOffsetByTwoPixels()
    {
        // 10×10 squares, the second shifted 2 pixels right. Directed distances of each 36-voxel surface:
        // 16 × 0, 4 × 1, 16 × 2 (hand count in docs/metrics.md). Union: 32 × 0, 8 × 1, 32 × 2.
        bool[] a = Rectangle(16, 16, 3, 2, 10, 10);
        bool[] b = Rectangle(16, 16, 3, 4, 10, 10);
        SurfaceDistances d = SurfaceDistance.Compute(a, b, [16, 16]);
        Assert.That(d.Hausdorff, Is.EqualTo(2.0));
        Assert.That(d.HausdorffPercentile, Is.EqualTo(2.0));
        Assert.That(d.MeanSurfaceDistance, Is.EqualTo(1.0).Within(Tolerance));
        Assert.That(SurfaceDistance.Compute(a, b, [16, 16], percentile: 50).HausdorffPercentile, Is.EqualTo(1.0));

        // Shifted the other way and swapped: the same, distances are symmetric.
        Assert.That(SurfaceDistance.Compute(b, a, [16, 16]), Is.EqualTo(d));
    }

    [Test]
    public void PercentileInterpolatesLinearlyOverTheUnionOfBothDirections()
    {
        // Prediction: pixel (0,0). Truth: pixels (0,0) and (0,4). Union of directed distances {0} ∪ {0, 4}:
        // the 95th percentile sits at rank 0.95·2 = 1.9: 0 + 0.9·4 = 3.6. Mean over the union 4/3
        // (MedPy's assd, the mean of the two directed means, would say 1).
        var predicted = new bool[5];
        var truth = new bool[5];
        predicted[0] = true;
        truth[0] = true;
        truth[4] = true;
        SurfaceDistances d = SurfaceDistance.Compute(predicted, truth, [1, 5]);
        Assert.That(d.HausdorffPercentile, Is.EqualTo(3.6).Within(Tolerance));
        Assert.That(d.MeanSurfaceDistance, Is.EqualTo(4.0 / 3).Within(Tolerance));
        Assert.That(d.Hausdorff, Is.EqualTo(4.0));
    }

    [Test]
    public void DiskAndTheSameDiskShiftedByThreePixels()
    {
        // Each surface voxel of one disk has its translate on the other's surface (distance ≤ 3), and the
        // leftmost voxel of the first is at least 3 from every voxel of the second: the Hausdorff distance is 3.
        bool[] a = Disk(40, 40, 20, 15, 9);
        bool[] b = Disk(40, 40, 20, 18, 9);
        SurfaceDistances d = SurfaceDistance.Compute(a, b, [40, 40]);
        Assert.That(d.Hausdorff, Is.EqualTo(3.0));
        SurfaceDistances brute = BruteForce(a, b, [40, 40], [1.0, 1.0]);
        Assert.That(d.HausdorffPercentile, Is.EqualTo(brute.HausdorffPercentile).Within(1e-9));
        Assert.That(d.MeanSurfaceDistance, Is.EqualTo(brute.MeanSurfaceDistance).Within(1e-9));
        Assert.That(d.HausdorffPercentile, Is.GreaterThan(1.0).And.LessThanOrEqualTo(3.0));
    }

    [Test]
    public void AnisotropicSpacingScalesDistancesPerAxisIn3D()
    {
        // Planes z = 1 and z = 3 of a [5, 4, 6] volume: every voxel is on the surface and 2 slices from the other.
        int[] size = [5, 4, 6];
        double[] spacing = [2.5, 0.5, 1.0];
        bool[] planeZ1 = Voxels(size, (z, y, x) => z == 1);
        bool[] planeZ3 = Voxels(size, (z, y, x) => z == 3);
        SurfaceDistances dz = SurfaceDistance.Compute(planeZ1, planeZ3, size, spacing);
        Assert.That((dz.Hausdorff, dz.HausdorffPercentile), Is.EqualTo((5.0, 5.0)));
        Assert.That(dz.MeanSurfaceDistance, Is.EqualTo(5.0).Within(Tolerance));

        // Planes y = 0 and y = 3: 3 rows of 0.5.
        bool[] planeY0 = Voxels(size, (z, y, x) => y == 0);
        bool[] planeY3 = Voxels(size, (z, y, x) => y == 3);
        SurfaceDistances dy = SurfaceDistance.Compute(planeY0, planeY3, size, spacing);
        Assert.That((dy.Hausdorff, dy.HausdorffPercentile), Is.EqualTo((1.5, 1.5)));

        // Through the label-map entry point the spacing comes from the truth.
        int[] predicted = planeZ1.Select(v => v ? 1 : 0).ToArray();
        int[] truth = planeZ3.Select(v => v ? 1 : 0).ToArray();
        ImageMetrics image = SegmentationMetrics.Evaluate(new LabelMap(size, predicted), new LabelMap(size, truth, spacing), new MetricsOptions(2));
        Assert.That(image.Classes[1].Hausdorff95, Is.EqualTo(5.0));
        Assert.That(image.Classes[1].Dice, Is.EqualTo(0.0));
    }

    [Test]
    public void MatchesBruteForceOnRandomShapesIn2DAnd3D()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 6; trial++)
        {
            int[] size = trial % 2 == 0 ? [9, 11] : [6, 7, 8];
            double[] spacing = size.Length == 2 ? [0.8, 1.7] : [2.0, 0.7, 1.3];
            int n = size.Aggregate(1, (p, s) => p * s);
            bool[] a = Enumerable.Range(0, n).Select(_ => random.NextDouble() < 0.3).ToArray();
            bool[] b = Enumerable.Range(0, n).Select(_ => random.NextDouble() < 0.2).ToArray();
            SurfaceDistances fast = SurfaceDistance.Compute(a, b, size, spacing, percentile: 90);
            SurfaceDistances slow = BruteForce(a, b, size, spacing, 90);
            Assert.That(fast.Hausdorff, Is.EqualTo(slow.Hausdorff).Within(1e-9), $"trial {trial}");
            Assert.That(fast.HausdorffPercentile, Is.EqualTo(slow.HausdorffPercentile).Within(1e-9), $"trial {trial}");
            Assert.That(fast.MeanSurfaceDistance, Is.EqualTo(slow.MeanSurfaceDistance).Within(1e-9), $"trial {trial}");
        }
    }

    [Test]
    public void CroppingToTheClassBoxGivesTheFullGridAnswer()
    {
        // The per-image entry point crops to the class's bounding box; the answer must not change.
        var random = new Random(3);
        int[] size = [7, 9, 10];
        double[] spacing = [1.5, 0.6, 0.9];
        int n = 7 * 9 * 10;
        int[] truth = new int[n];
        int[] predicted = new int[n];
        for (int i = 0; i < n; i++)
        {
            int z = i / 90;
            int y = i / 10 % 9;
            int x = i % 10;
            if (z is >= 2 and <= 4 && y is >= 3 and <= 6 && x is >= 2 and <= 7)
            {
                truth[i] = 1 + (random.NextDouble() < 0.1 ? 1 : 0);
                predicted[i] = random.NextDouble() < 0.8 ? 1 : 0;
            }
        }

        ImageMetrics image = SegmentationMetrics.Evaluate(predicted, truth, size, spacing, new MetricsOptions(3));
        for (int c = 1; c < 3; c++)
        {
            bool[] a = predicted.Select(l => l == c).ToArray();
            bool[] b = truth.Select(l => l == c).ToArray();
            Assert.That(image.Classes[c].Distances, Is.EqualTo(SurfaceDistance.Compute(a, b, size, spacing)), $"class {c}");
        }
    }

    private static bool[] Rectangle(int height, int width, int top, int left, int rows, int columns) =>
        Enumerable.Range(0, height * width)
            .Select(i => i / width >= top && i / width < top + rows && i % width >= left && i % width < left + columns)
            .ToArray();

    private static bool[] Disk(int height, int width, int cy, int cx, int r) =>
        Enumerable.Range(0, height * width)
            .Select(i => (i / width - cy) * (i / width - cy) + (i % width - cx) * (i % width - cx) <= r * r)
            .ToArray();

    private static bool[] Voxels(int[] size, Func<int, int, int, bool> inside) =>
        Enumerable.Range(0, size[0] * size[1] * size[2])
            .Select(i => inside(i / (size[1] * size[2]), i / size[2] % size[1], i % size[2]))
            .ToArray();

    /// <summary>Direct O(n²) surface distances, with its own boundary test and percentile, to check the fast path.</summary>
    private static SurfaceDistances BruteForce(bool[] a, bool[] b, int[] size, double[] spacing, double percentile = 95)
    {
        int[][] ca = Boundary(a, size);
        int[][] cb = Boundary(b, size);
        var all = ca.Select(p => Nearest(p, cb, spacing)).Concat(cb.Select(p => Nearest(p, ca, spacing))).Order().ToArray();
        double rank = percentile / 100 * (all.Length - 1);
        int lo = (int)Math.Floor(rank);
        int hi = (int)Math.Ceiling(rank);
        return new SurfaceDistances(all[^1], all[lo] + (rank - lo) * (all[hi] - all[lo]), all.Average());
    }

    private static double Nearest(int[] p, int[][] others, double[] spacing) =>
        others.Min(q => Math.Sqrt(p.Select((v, k) => (v - q[k]) * spacing[k]).Sum(d => d * d)));

    private static int[][] Boundary(bool[] mask, int[] size)
    {
        var points = new List<int[]>();
        for (int i = 0; i < mask.Length; i++)
        {
            if (!mask[i])
            {
                continue;
            }

            int[] p = Coordinates(i, size);
            bool boundary = false;
            for (int k = 0; k < size.Length; k++)
            {
                foreach (int step in new[] { -1, 1 })
                {
                    int[] q = (int[])p.Clone();
                    q[k] += step;
                    boundary |= q[k] < 0 || q[k] >= size[k] || !mask[Index(q, size)];
                }
            }

            if (boundary)
            {
                points.Add(p);
            }
        }

        return points.ToArray();
    }

    private static int[] Coordinates(int i, int[] size)
    {
        var p = new int[size.Length];
        for (int k = size.Length - 1; k >= 0; k--)
        {
            p[k] = i % size[k];
            i /= size[k];
        }

        return p;
    }

    private static int Index(int[] p, int[] size)
    {
        int i = 0;
        for (int k = 0; k < size.Length; k++)
        {
            i = i * size[k] + p[k];
        }

        return i;
    }
}
