using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Methods;

namespace MLSegmentation.Trainers.Tests;

/// <summary>MaskSup's loss against values and gradients computed by hand in doubles from the same logits.</summary>
public class MaskSupLossTests
{
    // N = 1, C = 3, H = 1, W = 2: channel-major, pixel fastest.
    private static readonly float[] Clean = [1.0f, -0.5f, 0.3f, 2.0f, -1.2f, 0.4f];
    private static readonly float[] Masked = [0.2f, 0.1f, -0.7f, 1.5f, 0.9f, -0.3f];
    private static readonly long[] Labels = [1, 2];

    // N = 1, C = 1, H = 2, W = 2.
    private static readonly float[] CleanLogit = [1.5f, -0.8f, 0.2f, 2.5f];
    private static readonly float[] MaskedLogit = [-0.4f, -1.1f, 0.9f, 0.3f];
    private static readonly long[] BinaryLabels = [1, 0, 0, 1];

    private const double Alpha = 0.7, Beta = 1.3, Gamma = 2.5;

    [Test]
    public void MultiClassLossIsAlphaCrossEntropyPlusBetaCrossEntropyPlusGammaMseOfSoftmaxes()
    {
        using var scope = torch.NewDisposeScope();
        var loss = new MaskSupLoss(new MaskSupOptions { Alpha = Alpha, Beta = Beta, Gamma = Gamma });
        double actual = loss.Compute(torch.tensor(Clean, [1, 3, 1, 2]), torch.tensor(Masked, [1, 3, 1, 2]), torch.tensor(Labels, [1, 1, 2])).ToDouble();

        double[][] p1 = Softmax(Clean, 3, 2), p2 = Softmax(Masked, 3, 2);
        double ce1 = -(Math.Log(p1[0][1]) + Math.Log(p1[1][2])) / 2;
        double ce2 = -(Math.Log(p2[0][1]) + Math.Log(p2[1][2])) / 2;
        double mse = 0;
        for (int p = 0; p < 2; p++)
            for (int c = 0; c < 3; c++) mse += Math.Pow(p1[p][c] - p2[p][c], 2);
        mse /= 6;
        Assert.That(actual, Is.EqualTo(Alpha * ce1 + Beta * ce2 + Gamma * mse).Within(1e-5));
        Assert.That(mse, Is.GreaterThan(0.01), "the example must exercise the similarity term");
    }

    [Test]
    public void BinaryLossIsAlphaBcePlusBetaBcePlusGammaMseOfSigmoids()
    {
        using var scope = torch.NewDisposeScope();
        var loss = new MaskSupLoss(new MaskSupOptions { Alpha = Alpha, Beta = Beta, Gamma = Gamma, Mode = MaskSupMode.Binary });
        double actual = loss.Compute(torch.tensor(CleanLogit, [1, 1, 2, 2]), torch.tensor(MaskedLogit, [1, 1, 2, 2]), torch.tensor(BinaryLabels, [1, 2, 2])).ToDouble();

        double bce1 = 0, bce2 = 0, mse = 0;
        for (int i = 0; i < 4; i++)
        {
            bce1 += Bce(CleanLogit[i], BinaryLabels[i]);
            bce2 += Bce(MaskedLogit[i], BinaryLabels[i]);
            mse += Math.Pow(Sigmoid(CleanLogit[i]) - Sigmoid(MaskedLogit[i]), 2);
        }
        Assert.That(actual, Is.EqualTo((Alpha * bce1 + Beta * bce2 + Gamma * mse) / 4).Within(1e-5));
    }

    [Test]
    public void BinaryModeWithCrossEntropyOnTheTwoClassLogitsEqualsBce()
    {
        using var scope = torch.NewDisposeScope();
        var z1 = torch.tensor(CleanLogit, [1, 1, 2, 2]);
        var z2 = torch.tensor(MaskedLogit, [1, 1, 2, 2]);
        var y = torch.tensor(BinaryLabels, [1, 2, 2]);
        double bce = new MaskSupLoss(new MaskSupOptions { Mode = MaskSupMode.Binary }).Compute(z1, z2, y).ToDouble();
        double viaCe = new MaskSupLoss(new MaskSupOptions { Mode = MaskSupMode.Binary, SegmentationLoss = new Losses.CrossEntropyLoss() }).Compute(z1, z2, y).ToDouble();
        Assert.That(viaCe, Is.EqualTo(bce).Within(1e-6));
    }

    [Test]
    public void BinaryModeRejectsLabelsOtherThanZeroAndOne()
    {
        using var scope = torch.NewDisposeScope();
        var z = torch.tensor(CleanLogit, [1, 1, 2, 2]);
        var loss = new MaskSupLoss(new MaskSupOptions { Mode = MaskSupMode.Binary });
        Assert.Throws<ArgumentException>(() => loss.Compute(z, z, torch.tensor(new long[] { 0, 1, 2, 1 }, [1, 2, 2])));
    }

    [Test]
    public void GammaZeroLeavesOnlyTheSegmentationTerms()
    {
        using var scope = torch.NewDisposeScope();
        var o1 = torch.tensor(Clean, [1, 3, 1, 2]);
        var o2 = torch.tensor(Masked, [1, 3, 1, 2]);
        var y = torch.tensor(Labels, [1, 1, 2]);
        double withoutSimilarity = new MaskSupLoss(new MaskSupOptions { Gamma = 0 }).Compute(o1, o2, y).ToDouble();
        double clean = new MaskSupLoss(new MaskSupOptions { Beta = 0, Gamma = 0 }).Compute(o1, o2, y).ToDouble();
        double masked = new MaskSupLoss(new MaskSupOptions { Alpha = 0, Gamma = 0 }).Compute(o1, o2, y).ToDouble();
        Assert.That(withoutSimilarity, Is.EqualTo(clean + masked).Within(1e-6));
        Assert.That(clean, Is.Not.EqualTo(masked).Within(1e-3));
    }

    [TestCase(MaskSupMode.MultiClass)]
    [TestCase(MaskSupMode.Binary)]
    public void SimilarityIsZeroWithZeroGradientWhenBothBranchesAgree(MaskSupMode mode)
    {
        using var scope = torch.NewDisposeScope();
        float[] values = mode == MaskSupMode.Binary ? CleanLogit : Clean;
        long[] shape = mode == MaskSupMode.Binary ? [1, 1, 2, 2] : [1, 3, 1, 2];
        var o1 = torch.tensor(values, shape).requires_grad_();
        var o2 = torch.tensor(values, shape).requires_grad_();
        var similarity = new MaskSupLoss(new MaskSupOptions { Mode = mode }).Similarity(o1, o2);
        Assert.That(similarity.ToDouble(), Is.Zero);
        similarity.backward();
        Assert.That(o1.grad!.abs().max().ToDouble(), Is.Zero);
        Assert.That(o2.grad!.abs().max().ToDouble(), Is.Zero);
    }

    [Test]
    public void MultiClassSimilaritySendsTheHandComputedGradientToBothBranches()
    {
        using var scope = torch.NewDisposeScope();
        var o1 = torch.tensor(Clean, [1, 3, 1, 2]).requires_grad_();
        var o2 = torch.tensor(Masked, [1, 3, 1, 2]).requires_grad_();
        new MaskSupLoss(new MaskSupOptions { Alpha = 0, Beta = 0, Gamma = Gamma }).Compute(o1, o2, torch.tensor(Labels, [1, 1, 2])).backward();

        double[][] p1 = Softmax(Clean, 3, 2), p2 = Softmax(Masked, 3, 2);
        var expected1 = new double[6];
        var expected2 = new double[6];
        for (int p = 0; p < 2; p++)
        {
            // dL/dP1_c = 2γ(P1_c − P2_c)/6 = −dL/dP2_c; through softmax: dL/do_k = P_k (g_k − Σ_j g_j P_j).
            double[] g = Enumerable.Range(0, 3).Select(c => 2 * Gamma * (p1[p][c] - p2[p][c]) / 6).ToArray();
            double dot1 = Enumerable.Range(0, 3).Sum(c => g[c] * p1[p][c]);
            double dot2 = Enumerable.Range(0, 3).Sum(c => -g[c] * p2[p][c]);
            for (int k = 0; k < 3; k++)
            {
                expected1[k * 2 + p] = p1[p][k] * (g[k] - dot1);
                expected2[k * 2 + p] = p2[p][k] * (-g[k] - dot2);
            }
        }
        float[] actual1 = o1.grad!.data<float>().ToArray(), actual2 = o2.grad!.data<float>().ToArray();
        Assert.That(actual1.Select(v => (double)v), Is.EqualTo(expected1).Within(1e-6));
        Assert.That(actual2.Select(v => (double)v), Is.EqualTo(expected2).Within(1e-6));
        Assert.That(actual1.Max(Math.Abs), Is.GreaterThan(1e-3));
        Assert.That(actual2.Max(Math.Abs), Is.GreaterThan(1e-3));
    }

    [Test]
    public void BinarySimilaritySendsOppositeHandComputedGradientsToBothBranches()
    {
        using var scope = torch.NewDisposeScope();
        var z1 = torch.tensor(CleanLogit, [1, 1, 2, 2]).requires_grad_();
        var z2 = torch.tensor(MaskedLogit, [1, 1, 2, 2]).requires_grad_();
        var options = new MaskSupOptions { Alpha = 0, Beta = 0, Gamma = Gamma, Mode = MaskSupMode.Binary };
        new MaskSupLoss(options).Compute(z1, z2, torch.tensor(BinaryLabels, [1, 2, 2])).backward();
        float[] g1 = z1.grad!.data<float>().ToArray(), g2 = z2.grad!.data<float>().ToArray();
        for (int i = 0; i < 4; i++)
        {
            double s1 = Sigmoid(CleanLogit[i]), s2 = Sigmoid(MaskedLogit[i]);
            double d = 2 * Gamma * (s1 - s2) / 4;
            Assert.That(g1[i], Is.EqualTo(d * s1 * (1 - s1)).Within(1e-6));
            Assert.That(g2[i], Is.EqualTo(-d * s2 * (1 - s2)).Within(1e-6));
            Assert.That(Math.Sign(g1[i]), Is.EqualTo(-Math.Sign(g2[i])).And.Not.Zero);
        }
    }

    [Test]
    public void TwoClassExpansionGivesSigmoidProbabilitiesAndTheThresholdedLabel()
    {
        using var scope = torch.NewDisposeScope();
        var expanded = BinaryLogits.Expand(torch.tensor(CleanLogit, [1, 1, 2, 2]));
        Assert.That(expanded.shape, Is.EqualTo(new long[] { 1, 2, 2, 2 }));
        float[] p = torch.nn.functional.softmax(expanded, 1).data<float>().ToArray();
        long[] labels = expanded.argmax(1).data<long>().ToArray();
        for (int i = 0; i < 4; i++)
        {
            Assert.That(p[4 + i], Is.EqualTo(Sigmoid(CleanLogit[i])).Within(1e-6));
            Assert.That(labels[i], Is.EqualTo(CleanLogit[i] > 0 ? 1 : 0));
        }
    }

    private static double[][] Softmax(float[] logits, int classes, int pixels) =>
        Enumerable.Range(0, pixels).Select(p =>
        {
            double[] e = Enumerable.Range(0, classes).Select(c => Math.Exp(logits[c * pixels + p])).ToArray();
            double sum = e.Sum();
            return e.Select(v => v / sum).ToArray();
        }).ToArray();

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static double Bce(double z, long y) => -(y * Math.Log(Sigmoid(z)) + (1 - y) * Math.Log(1 - Sigmoid(z)));
}
