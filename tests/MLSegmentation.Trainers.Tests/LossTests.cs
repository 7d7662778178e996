using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Losses;
using F = TorchSharp.torch.nn.functional;

namespace MLSegmentation.Trainers.Tests;

public class LossTests
{
    // One sample, two classes, three pixels: logits (class 0, class 1) per pixel.
    private static readonly float[] Logits = [0f, 1f, -1f, /* class 1: */ 2f, 0f, 1f];
    private static readonly long[] Labels = [1, 0, 1];

    private static double[] SoftmaxClass1() =>
        Enumerable.Range(0, 3).Select(i => 1 / (1 + Math.Exp(Logits[i] - Logits[3 + i]))).ToArray();

    [Test]
    public void SoftDiceEqualsHandComputedValue()
    {
        using var scope = torch.NewDisposeScope();
        var logits = torch.tensor(Logits, [1, 2, 3]);
        var target = torch.tensor(Labels, [1, 3]);
        double[] p1 = SoftmaxClass1();
        double tp = p1[0] + p1[2], fp = p1[1], fn = (1 - p1[0]) + (1 - p1[2]);
        const double s = 1e-5;
        double expectedForeground = 1 - (2 * tp + s) / (2 * tp + fp + fn + s);
        Assert.That(new SoftDiceLoss().Compute(logits, target).ToDouble(), Is.EqualTo(expectedForeground).Within(1e-6));

        double tp0 = 1 - p1[1], fp0 = (1 - p1[0]) + (1 - p1[2]), fn0 = p1[1];
        double dice0 = (2 * tp0 + s) / (2 * tp0 + fp0 + fn0 + s);
        double expectedBoth = 1 - (dice0 + (2 * tp + s) / (2 * tp + fp + fn + s)) / 2;
        Assert.That(new SoftDiceLoss { IncludeBackground = true }.Compute(logits, target).ToDouble(), Is.EqualTo(expectedBoth).Within(1e-6));
    }

    [Test]
    public void BatchDiceSumsOverTheBatchBeforeDividing()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(4);
        var logits = torch.randn(3, 4, 5, 5);
        var target = torch.randint(0, 4, [3, 5, 5]);
        var perSample = new SoftDiceLoss().Compute(logits, target).ToDouble();
        var batch = new SoftDiceLoss { BatchDice = true }.Compute(logits, target).ToDouble();
        // The batch form equals the per-sample form on the batch laid side by side as one sample.
        var joined = new SoftDiceLoss().Compute(logits.permute(1, 0, 2, 3).reshape(1, 4, 15, 5), target.reshape(1, 15, 5)).ToDouble();
        Assert.That(batch, Is.EqualTo(joined).Within(1e-6));
        Assert.That(batch, Is.Not.EqualTo(perSample).Within(1e-6));
    }

    [Test]
    public void SoftCrossEntropyOfOneHotTargetsEqualsCrossEntropyOfIndices()
    {
        using var scope = torch.NewDisposeScope();
        var logits = torch.tensor(Logits, [1, 2, 3]);
        var target = torch.tensor(Labels, [1, 3]);
        double[] p1 = SoftmaxClass1();
        double expected = -(Math.Log(p1[0]) + Math.Log(1 - p1[1]) + Math.Log(p1[2])) / 3;
        var loss = new CrossEntropyLoss();
        Assert.That(loss.Compute(logits, target).ToDouble(), Is.EqualTo(expected).Within(1e-6));
        Assert.That(loss.Compute(logits, Targets.AsProbabilities(target, logits)).ToDouble(), Is.EqualTo(expected).Within(1e-6));
    }

    [Test]
    public void SoftCrossEntropyWeighsEachClassByItsTargetProbability()
    {
        using var scope = torch.NewDisposeScope();
        var logits = torch.tensor(Logits, [1, 2, 3]);
        var soft = torch.tensor(new float[] { 0.25f, 1f, 0.5f, 0.75f, 0f, 0.5f }, [1, 2, 3]);
        double[] p1 = SoftmaxClass1();
        double expected = -((0.25 * Math.Log(1 - p1[0]) + 0.75 * Math.Log(p1[0]))
                            + Math.Log(1 - p1[1])
                            + (0.5 * Math.Log(1 - p1[2]) + 0.5 * Math.Log(p1[2]))) / 3;
        Assert.That(new CrossEntropyLoss().Compute(logits, soft).ToDouble(), Is.EqualTo(expected).Within(1e-6));
    }

    [Test]
    public void ClassWeightsAndIgnoredLabelsFollowPyTorchsDefinition()
    {
        using var scope = torch.NewDisposeScope();
        var logits = torch.tensor(Logits, [1, 2, 3]);
        var target = torch.tensor(new long[] { 1, 0, 7 }, [1, 3]);
        double[] p1 = SoftmaxClass1();
        // Weighted mean over non-ignored pixels: Σ w_y·(−log p_y) / Σ w_y.
        double expected = (3 * -Math.Log(p1[0]) + 0.5 * -Math.Log(1 - p1[1])) / (3 + 0.5);
        var loss = new CrossEntropyLoss { ClassWeights = [0.5f, 3f], IgnoreIndex = 7 };
        Assert.That(loss.Compute(logits, target).ToDouble(), Is.EqualTo(expected).Within(1e-6));
    }

    [Test]
    public void MisshapenTargetsAreRejectedWithBothShapes()
    {
        using var scope = torch.NewDisposeScope();
        var logits = torch.randn(2, 3, 4, 4);
        var e = Assert.Throws<ArgumentException>(() => new SoftDiceLoss().Compute(logits, torch.zeros([2, 4, 5], ScalarType.Int64)));
        Assert.That(e!.Message, Does.Contain("[2, 4, 5]").And.Contain("[2, 4, 4]"));
    }

    private static double[][] Vectors() =>
    [
        Normalize(1, 0.2), Normalize(0.9, 0.1), Normalize(-0.3, 1), Normalize(0.1, -1), Normalize(-1, -0.5),
    ];

    private static double[] Normalize(double x, double y)
    {
        double n = Math.Sqrt(x * x + y * y);
        return [x / n, y / n];
    }

    private static double HandSupCon(double[][] z, long[] labels, double tau, double baseTau)
    {
        double total = 0;
        int anchors = 0;
        for (int a = 0; a < z.Length; a++)
        {
            double denominator = 0;
            for (int k = 0; k < z.Length; k++)
                if (k != a) denominator += Math.Exp((z[a][0] * z[k][0] + z[a][1] * z[k][1]) / tau);
            var positives = Enumerable.Range(0, z.Length).Where(p => p != a && labels[p] == labels[a]).ToArray();
            if (positives.Length == 0) continue;
            anchors++;
            total += positives.Average(p => Math.Log(Math.Exp((z[a][0] * z[p][0] + z[a][1] * z[p][1]) / tau) / denominator));
        }
        return -(tau / baseTau) * total / anchors;
    }

    private static Tensor AsTensor(double[][] z) => torch.tensor(z.SelectMany(v => v.Select(x => (float)x)).ToArray(), [z.Length, 2]);

    [Test]
    public void SupervisedContrastiveEqualsHandComputedValueAndSkipsAnchorsWithoutPositives()
    {
        using var scope = torch.NewDisposeScope();
        double[][] z = Vectors();
        long[] labels = [0, 0, 1, 1, 2]; // the last anchor has no positive
        var loss = new SupervisedContrastiveLoss { Temperature = 0.5, BaseTemperature = 0.07 };
        double value = loss.Compute(AsTensor(z), torch.tensor(labels)).ToDouble();
        Assert.That(value, Is.EqualTo(HandSupCon(z, labels, 0.5, 0.07)).Within(1e-4));
    }

    [Test]
    public void SupervisedContrastiveWithOnlyViewPairsIsNtXent()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(7);
        const int images = 4;
        const double tau = 0.2;
        var z = F.normalize(torch.randn(2 * images, 8));
        long[] labels = Enumerable.Range(0, 2 * images).Select(i => (long)(i % images)).ToArray(); // view v of image i at i + v·images
        double supcon = new SupervisedContrastiveLoss { Temperature = tau, BaseTemperature = tau }.Compute(z, torch.tensor(labels)).ToDouble();

        float[] e = z.data<float>().ToArray();
        double Dot(int i, int j) => Enumerable.Range(0, 8).Sum(d => (double)e[i * 8 + d] * e[j * 8 + d]);
        double ntXent = 0;
        for (int i = 0; i < 2 * images; i++)
        {
            int partner = (i + images) % (2 * images);
            double denominator = Enumerable.Range(0, 2 * images).Where(k => k != i).Sum(k => Math.Exp(Dot(i, k) / tau));
            ntXent += -Math.Log(Math.Exp(Dot(i, partner) / tau) / denominator);
        }
        Assert.That(supcon, Is.EqualTo(ntXent / (2 * images)).Within(1e-4));
    }

    [Test]
    public void SupervisedContrastiveIsInvariantToTheOrderOfTheBatch()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(8);
        var z = F.normalize(torch.randn(6, 5));
        var labels = torch.tensor(new long[] { 0, 1, 0, 2, 1, 2 });
        var order = torch.tensor(new long[] { 3, 0, 5, 1, 4, 2 });
        var loss = new SupervisedContrastiveLoss();
        Assert.That(loss.Compute(z.index_select(0, order), labels.index_select(0, order)).ToDouble(),
            Is.EqualTo(loss.Compute(z, labels).ToDouble()).Within(1e-5));
    }
}
