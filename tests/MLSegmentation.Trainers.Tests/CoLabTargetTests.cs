using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Methods;
using F = TorchSharp.torch.nn.functional;

namespace MLSegmentation.Trainers.Tests;

public class CoLabTargetTests
{
    private const int Size = 16;

    /// <summary>Labels [2, 16, 16]: image 0 holds a 3×3 square of class 1 at rows/cols 4–6 and one pixel of class 2 at (12, 12); image 1 has no ROI.</summary>
    private static Tensor Labels()
    {
        var labels = new long[2 * Size * Size];
        for (int y = 4; y <= 6; y++)
        {
            for (int x = 4; x <= 6; x++) labels[y * Size + x] = 1;
        }
        labels[12 * Size + 12] = 2;
        return torch.tensor(labels, [2, Size, Size]);
    }

    /// <summary>Exact distance from (y, x) to the nearest ROI pixel of image 0 of <see cref="Labels"/>.</summary>
    private static double Distance(int y, int x)
    {
        double best = double.PositiveInfinity;
        for (int ry = 4; ry <= 6; ry++)
        {
            for (int rx = 4; rx <= 6; rx++) best = Math.Min(best, Math.Sqrt((y - ry) * (y - ry) + (x - rx) * (x - rx)));
        }
        return Math.Min(best, Math.Sqrt((y - 12) * (y - 12) + (x - 12) * (x - 12)));
    }

    [Test]
    public void FadeIsOneWithinTauSubAndOnRoiAndDecaysExponentiallyBeyond()
    {
        using var scope = torch.NewDisposeScope();
        const double tauSub = 3, tauDev = 2;
        float[] m = CoLabTargets.DistanceFade(Labels(), tauSub, tauDev).data<float>().ToArray();
        int checkedDecay = 0;
        for (int y = 0; y < Size; y++)
        {
            for (int x = 0; x < Size; x++)
            {
                double d = Distance(y, x);
                double expected = d <= tauSub ? 1 : Math.Exp((tauSub - d) / tauDev);
                Assert.That(m[y * Size + x], Is.EqualTo(expected).Within(1e-6), $"pixel ({y}, {x}) at distance {d}");
                if (d > tauSub + 1) checkedDecay++;
            }
        }
        Assert.That(checkedDecay, Is.GreaterThan(50), "the image must have pixels well beyond τ_sub");
        Assert.That(m[5 * Size + 5], Is.EqualTo(1f), "ROI pixel");
        Assert.That(m[12 * Size + 12], Is.EqualTo(1f), "ROI pixel");
        Assert.That(m[15 * Size + 0], Is.EqualTo((float)Math.Exp((tauSub - Distance(15, 0)) / tauDev)).Within(1e-7), "far corner");
        Assert.That(m.Skip(Size * Size), Is.All.EqualTo(1f), "an image without ROI keeps all its targets");
    }

    [Test]
    public void FadeWorksOnVolumes()
    {
        using var scope = torch.NewDisposeScope();
        var labels = new long[8 * 8 * 8];
        labels[(2 * 8 + 3) * 8 + 4] = 1;
        float[] m = CoLabTargets.DistanceFade(torch.tensor(labels, [1, 8, 8, 8]), 1, 2).data<float>().ToArray();
        double d = Math.Sqrt(5 * 5 + 4 * 4 + 3 * 3); // (7, 7, 7) to (2, 3, 4)
        Assert.That(m[^1], Is.EqualTo(Math.Exp((1 - d) / 2)).Within(1e-6));
        Assert.That(m[(2 * 8 + 3) * 8 + 5], Is.EqualTo(1f));
    }

    [TestCase(1)]
    [TestCase(2)]
    public void SoftTargetsSumToOneAreOneHotOnRoiAndFadeToBackground(int contextClasses)
    {
        using var scope = torch.NewDisposeScope();
        const int classes = 3;
        torch.manual_seed(21);
        Tensor p = F.softmax(torch.randn(2, contextClasses + 1, Size, Size), 1);
        Tensor labels = Labels();
        Tensor fade = CoLabTargets.DistanceFade(labels, 3, 2);
        Tensor t = CoLabTargets.Soft(p, labels, fade, classes);
        Assert.That(t.shape, Is.EqualTo(new long[] { 2, classes + contextClasses, Size, Size }));

        float[] sums = t.sum(1).data<float>().ToArray();
        Assert.That(sums.Select(s => Math.Abs(s - 1)).Max(), Is.LessThan(1e-6), "targets sum to 1 per pixel");

        float[] tv = t.data<float>().ToArray(), pv = p.data<float>().ToArray(), mv = fade.data<float>().ToArray();
        long[] y = labels.data<long>().ToArray();
        int channels = classes + contextClasses, plane = Size * Size, roiPixels = 0, fadedPixels = 0;
        for (int n = 0; n < 2; n++)
        {
            for (int i = 0; i < plane; i++)
            {
                double[] target = Enumerable.Range(0, channels).Select(c => (double)tv[(n * channels + c) * plane + i]).ToArray();
                long label = y[n * plane + i];
                if (label > 0)
                {
                    roiPixels++;
                    Assert.That(target, Is.EqualTo(Enumerable.Range(0, channels).Select(c => c == label ? 1.0 : 0.0)).Within(1e-7), "one-hot on ROI pixels");
                    continue;
                }
                double m = mv[n * plane + i];
                if (m < 1) fadedPixels++;
                double P(int k) => pv[(n * (contextClasses + 1) + k) * plane + i];
                var expected = new double[channels];
                expected[0] = m * P(0) + (1 - m);
                for (int k = 1; k <= contextClasses; k++) expected[classes - 1 + k] = m * P(k);
                Assert.That(target, Is.EqualTo(expected).Within(1e-6), $"background pixel {i} of image {n}");
            }
        }
        Assert.That(roiPixels, Is.EqualTo(10));
        Assert.That(fadedPixels, Is.GreaterThan(50));
    }

    /// <summary>Generator probabilities p (two channels), the test labels and their fade (τ_sub 1, τ 2), drawn from <paramref name="seed"/>.</summary>
    private static (Tensor P, Tensor Labels, Tensor Fade) GeneratorLabelsAndFade(int seed)
    {
        torch.manual_seed(seed);
        Tensor labels = Labels();
        return (F.softmax(torch.randn(2, 2, Size, Size), 1), labels, CoLabTargets.DistanceFade(labels, 1, 2));
    }

    [Test]
    public void PyramidPoolsEachAxisByItsOwnFactor()
    {
        using var scope = torch.NewDisposeScope();
        var (p, labels, fade) = GeneratorLabelsAndFade(seed: 23);
        IReadOnlyList<Tensor> targets = CoLabTargets.Pyramid([torch.zeros(2, 4, Size, Size), torch.zeros(2, 4, Size, Size / 2)], p, labels, fade, 3);
        Assert.That(targets[1].shape, Is.EqualTo(new long[] { 2, 4, Size, Size / 2 }));
        // Pixel (14, 1) of the column-halved map covers full-resolution (14, 2) and (14, 3) only.
        float[] full = p.data<float>().ToArray(), m = fade.data<float>().ToArray(), half = targets[1].data<float>().ToArray();
        int[] pair = [14 * Size + 2, 14 * Size + 3];
        int at = 14 * (Size / 2) + 1, plane = Size * Size / 2;
        Assert.That(half[3 * plane + at], Is.EqualTo(pair.Min(i => m[i]) * pair.Average(i => full[Size * Size + i])).Within(1e-6));
    }

    [Test]
    public void PyramidAveragesGeneratorProbabilitiesAndMinPoolsTheFade()
    {
        using var scope = torch.NewDisposeScope();
        var (p, labels, fade) = GeneratorLabelsAndFade(seed: 22);
        IReadOnlyList<Tensor> targets = CoLabTargets.Pyramid([torch.zeros(2, 4, Size, Size), torch.zeros(2, 4, Size / 2, Size / 2)], p, labels, fade, 3);
        Assert.That(targets[1].shape, Is.EqualTo(new long[] { 2, 4, Size / 2, Size / 2 }));
        // Half-resolution pixel (7, 1) of image 0 covers full-resolution rows 14–15, columns 2–3: all background.
        float[] full = p.data<float>().ToArray(), m = fade.data<float>().ToArray(), half = targets[1].data<float>().ToArray();
        int[] block = [14 * Size + 2, 14 * Size + 3, 15 * Size + 2, 15 * Size + 3];
        double p1 = block.Average(i => full[Size * Size + i]);
        double mMin = block.Min(i => m[i]);
        Assert.That(mMin, Is.LessThan(block.Max(i => m[i])), "the block must straddle different fades");
        int at = 7 * (Size / 2) + 1, halfPlane = Size * Size / 4;
        Assert.That(half[3 * halfPlane + at], Is.EqualTo(mMin * p1).Within(1e-6), "context target = min-pooled m × average-pooled p_1");
        Assert.That(half[halfPlane + at] + half[2 * halfPlane + at], Is.Zero, "ROI channels on background");
        // The ROI pixel (12, 12) lands on half-resolution (6, 6) by nearest resizing: one-hot there, although the
        // min-pooled fade of its block is below 1 (its neighbours are background).
        int roi = 6 * (Size / 2) + 6;
        Assert.That(block.Select(i => i + (12 * Size + 12) - block[0]).Min(i => m[i]), Is.LessThan(1f));
        Assert.That(Enumerable.Range(0, 4).Select(c => half[c * halfPlane + roi]), Is.EqualTo(new float[] { 0, 0, 1, 0 }));
        Tensor sumsHalf = targets[1].sum(1);
        Assert.That(sumsHalf.sub(1).abs().max().ToDouble(), Is.LessThan(1e-6));
    }

    [Test]
    public void TrainLossOnSoftTargetsEqualsTheHandComputedDicePlusCrossEntropy()
    {
        using var scope = torch.NewDisposeScope();
        // C = 2, K = 1; two pixels: an ROI pixel with logits [0, 0, 0] (P = 1/3 each) and a background pixel with
        // logits [ln 2, 0, 0] (P = [1/2, 1/4, 1/4]), generator [0.6, 0.4] and fade 0.5 there.
        Tensor logits = torch.tensor(new float[] { 0, MathF.Log(2), 0, 0, 0, 0 }, [1, 3, 1, 2]);
        Tensor generator = torch.tensor(new float[] { 0.5f, 0.6f, 0.5f, 0.4f }, [1, 2, 1, 2]);
        Tensor labels = torch.tensor(new long[] { 1, 0 }, [1, 1, 2]);
        Tensor fade = torch.tensor(new float[] { 0.1f, 0.5f }, [1, 1, 1, 2]);

        // Targets: ROI pixel [0, 1, 0]; background pixel 0.5·[0.6, 0, 0.4] + 0.5·[1, 0, 0] = [0.8, 0, 0.2].
        double crossEntropy = (Math.Log(3) + (0.8 * Math.Log(2) + 0.2 * Math.Log(4))) / 2;
        const double s = 1e-5;
        double roiDice = (2 / 3.0 + s) / (2 / 3.0 + 0.25 + 2 / 3.0 + s);                  // tp 1/3, fp 1/4, fn 2/3
        double contextDice = (2 * 0.05 + s) / (2 * 0.05 + (1 / 3.0 + 0.25 * 0.8) + 0.75 * 0.2 + s); // tp 0.05, fp 0.5333, fn 0.15
        double expected = crossEntropy + 1 - (roiDice + contextDice) / 2;

        Assert.That(CoLabLosses.Train([logits], generator, labels, fade, classes: 2).ToDouble(), Is.EqualTo(expected).Within(1e-6));
        Assert.That(CoLabTargets.Soft(generator, labels, fade, 2).data<float>().ToArray(),
            Is.EqualTo(new[] { 0f, 0.8f, 1f, 0f, 0f, 0.2f }).Within(1e-6f));
    }

    [Test]
    public void TrainingBatchesCarryTheFadeOfTheWholeSampleComputedBeforeAugmentation()
    {
        string folder = Directory.CreateTempSubdirectory("mlseg-colab-fade-").FullName;
        try
        {
            new Transforms.SyntheticDatasetGenerator(new Transforms.SyntheticOptions { Height = 48, Width = 48, ClassCount = 2, ObjectScale = 0.4 }, seed: 2).WriteFolder(folder, 6);
            using var method = new CoLabMethod(new CoLabOptions { TauSub = 2, TauDev = 3 });
            var pipeline = new Transforms.TransformPipeline(3, [.. method.SampleTransforms, new Transforms.RandomCrop([16, 16])]);
            var loader = new Transforms.BatchLoader(Transforms.FolderDataset.Open(folder), new Transforms.BatchLoaderOptions { BatchSize = 6, Workers = 1 }, pipeline);
            using var source = new Training.DatasetBatchSource(loader, classes: 2, channels: 1, steps: 4);
            int differ = 0;
            for (long step = 0; step < 4; step++)
            {
                using var scope = torch.NewDisposeScope();
                using Training.TrainingBatch batch = source.GetBatch(step, CancellationToken.None);
                Tensor fade = batch.SideData.Single();
                Assert.That(fade.shape, Is.EqualTo(new long[] { 6, 1, 16, 16 }));
                Assert.That(fade.masked_select(batch.Labels.gt(0).unsqueeze(1)).eq(1).all().ToBoolean(), Is.True, "1 on ROI pixels");
                // The crop's own fade (the earlier behaviour) says 1 everywhere on a crop without ROI; the whole sample's does not.
                differ += (int)fade.ne(CoLabTargets.DistanceFade(batch.Labels, 2, 3)).flatten(1).any(1).sum().ToInt64();
            }
            Assert.That(differ, Is.GreaterThan(0), "some crop's fade must depend on ROI outside it");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
