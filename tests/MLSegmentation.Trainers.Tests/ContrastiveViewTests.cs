using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Methods;

namespace MLSegmentation.Trainers.Tests;

public class ContrastiveViewTests
{
    private const int Size = 32;

    [Test]
    public void EachViewsLabelMapIsTransformedWithItsImage()
    {
        using var scope = torch.NewDisposeScope();
        // One labelled pixel per image, marked in the image too; images are otherwise 0.
        int[][] marks = [[5, 7], [20, 12], [16, 16], [27, 25]];
        var pixels = new float[marks.Length * Size * Size];
        var labels = new long[marks.Length * Size * Size];
        for (int i = 0; i < marks.Length; i++)
        {
            int at = i * Size * Size + marks[i][0] * Size + marks[i][1];
            pixels[at] = 1;
            labels[at] = 1;
        }
        Tensor images = torch.tensor(pixels, [marks.Length, 1, Size, Size]);
        Tensor labelMap = torch.tensor(labels, [marks.Length, Size, Size]);
        var views = new ContrastiveViews(new SemanticContrastiveOptions(), seed: 9);
        int landed = 0, moved = 0;
        for (long step = 0; step < 25; step++)
        {
            for (int view = 0; view < 2; view++)
            {
                (Tensor viewImages, Tensor viewLabels) = views.Make(images, labelMap, [0, 1, 2, 3], step, view);
                float[] p = viewImages.data<float>().ToArray();
                long[] l = viewLabels.data<long>().ToArray();
                for (int i = 0; i < marks.Length; i++)
                {
                    for (int k = 0; k < Size * Size; k++)
                    {
                        if (l[i * Size * Size + k] != 1) continue;
                        landed++;
                        // each warp: the nearest source pixel of a label is one of the bilinear neighbours (positive weight) of the image
                        Assert.That(p[i * Size * Size + k], Is.GreaterThan(0f), $"step {step} view {view} image {i}: label at {k / Size},{k % Size} but no marked pixel there");
                        if (k != marks[i][0] * Size + marks[i][1]) moved++;
                    }
                }
            }
        }
        Assert.That(landed, Is.GreaterThan(20), "the marked pixel should survive many crops");
        Assert.That(moved, Is.GreaterThan(landed / 2), "views must move the pixel");
    }

    [Test]
    public void ViewsDependOnStepAndSampleIndexNotOnBatchPosition()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(1);
        Tensor images = torch.rand(3, 1, Size, Size);
        Tensor labels = torch.randint(0, 3, [3, Size, Size]);
        var views = new ContrastiveViews(new SemanticContrastiveOptions(), seed: 2);
        (Tensor a, Tensor la) = views.Make(images, labels, [10, 11, 12], step: 4, view: 0);
        Tensor order = torch.tensor(new long[] { 2, 0, 1 });
        (Tensor b, Tensor lb) = views.Make(images.index_select(0, order), labels.index_select(0, order), [12, 10, 11], step: 4, view: 0);
        Assert.That(b.data<float>().ToArray(), Is.EqualTo(a.index_select(0, order).data<float>().ToArray()));
        Assert.That(lb.data<long>().ToArray(), Is.EqualTo(la.index_select(0, order).data<long>().ToArray()));
        (Tensor other, _) = views.Make(images, labels, [10, 11, 12], step: 4, view: 1);
        (Tensor later, _) = views.Make(images, labels, [10, 11, 12], step: 5, view: 0);
        Assert.That(other.data<float>().ToArray(), Is.Not.EqualTo(a.data<float>().ToArray()));
        Assert.That(later.data<float>().ToArray(), Is.Not.EqualTo(a.data<float>().ToArray()));
    }

    [Test]
    public void ViewsCropAnAreaShareInTheOptionsRangeRotateWithinItAndFlipHorizontallyAtItsRate()
    {
        using var scope = torch.NewDisposeScope();
        var options = new SemanticContrastiveOptions();
        const int n = 64;
        // Channel 0 holds each pixel's row, channel 1 its column, so a view holds the source coordinates of its pixels.
        var field = new float[2 * Size * Size];
        for (int y = 0; y < Size; y++)
        {
            for (int x = 0; x < Size; x++) (field[y * Size + x], field[Size * Size + y * Size + x]) = (y, x);
        }
        Tensor images = torch.tensor(field, [1, 2, Size, Size]).expand(n, 2, Size, Size).contiguous();
        (Tensor view, _) = new ContrastiveViews(options, seed: 3).Make(images, torch.zeros([n, Size, Size], ScalarType.Int64), [.. Enumerable.Range(0, n).Select(i => (long)i)], step: 0, view: 0);
        float[] p = view.data<float>().ToArray();
        var shares = new List<double>();
        var angles = new List<double>();
        int flips = 0, c = Size / 2;
        for (int i = 0; i < n; i++)
        {
            double At(int channel, int y, int x) => p[((i * 2 + channel) * Size + y) * Size + x];
            // The map's Jacobian A = C·R·F (crop scales, rotation, flip), by central differences at the centre.
            double a = (At(0, c + 1, c) - At(0, c - 1, c)) / 2, b = (At(0, c, c + 1) - At(0, c, c - 1)) / 2;
            double d = (At(1, c + 1, c) - At(1, c - 1, c)) / 2, e = (At(1, c, c + 1) - At(1, c, c - 1)) / 2;
            double det = a * e - b * d, sy = Math.Sqrt(a * a + b * b), sx = Math.Sqrt(d * d + e * e);
            shares.Add(Math.Abs(det));
            if (det < 0) flips++;
            // C⁻¹·A = R·F; with F = diag(1, −1) (x mirrored) the rotation's first column is unchanged.
            angles.Add(Math.Atan2(d / sx, a / sy) * 180 / Math.PI);
        }
        TestContext.Out.WriteLine($"area shares {shares.Min():F3}–{shares.Max():F3}, angles {angles.Min():F1}°–{angles.Max():F1}°, {flips} of {n} flipped");
        Assert.That(shares, Is.All.InRange(options.CropScaleMin - 0.03, options.CropScaleMax + 0.03), "crop area shares (window sides are rounded to pixels)");
        Assert.That(shares.Min(), Is.LessThan(options.CropScaleMin + 0.05));
        Assert.That(shares.Max(), Is.GreaterThan(options.CropScaleMax - 0.05));
        Assert.That(angles.Select(Math.Abs), Is.All.LessThanOrEqualTo(options.RotationDegrees + 0.5));
        Assert.That(angles.Max(Math.Abs), Is.GreaterThan(0.8 * options.RotationDegrees));
        Assert.That(flips, Is.InRange(n / 4, 3 * n / 4), "about half the views flipped (FlipProbability 0.5)");
    }
}
