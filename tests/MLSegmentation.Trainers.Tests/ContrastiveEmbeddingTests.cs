using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Methods;

namespace MLSegmentation.Trainers.Tests;

public class ContrastiveEmbeddingTests
{
    [Test]
    public void MaskedPoolingUnderAOnePixelMaskReturnsThatPixelsFeatures()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        Tensor features = torch.randn(2, 5, 4, 4);
        var labels = new long[2 * 4 * 4];
        labels[16 + 2 * 4 + 1] = 1; // image 1, pixel (2, 1)
        using AttentionMasks objects = AttentionMasks.FromLabels(torch.tensor(labels, [2, 4, 4]), classes: 2);
        Assert.That(objects.Images, Is.EqualTo(new long[] { 1 }));
        Assert.That(objects.Classes, Is.EqualTo(new long[] { 1 }));
        float[] pooled = objects.Pool(features).data<float>().ToArray();
        float[] expected = features[1].permute(1, 2, 0)[2][1].contiguous().data<float>().ToArray();
        Assert.That(pooled, Is.EqualTo(expected).Within(1e-6));
    }

    [Test]
    public void AOnePixelMaskAtTwiceTheFeatureResolutionPoolsTheCellItFallsIn()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(4);
        Tensor features = torch.randn(1, 3, 4, 4);
        var labels = new long[8 * 8];
        labels[5 * 8 + 6] = 2; // full-resolution pixel (5, 6) lies in feature cell (2, 3)
        using AttentionMasks objects = AttentionMasks.FromLabels(torch.tensor(labels, [1, 8, 8]), classes: 3);
        float[] pooled = objects.Pool(features).data<float>().ToArray();
        float[] expected = features[0].permute(1, 2, 0)[2][3].contiguous().data<float>().ToArray();
        Assert.That(pooled, Is.EqualTo(expected).Within(1e-6));
    }

    [Test]
    public void MasksAreResizedByAreaInterpolation()
    {
        using var scope = torch.NewDisposeScope();
        long[] labels =
        [
            1, 1, 0, 0,
            1, 0, 0, 1,
            0, 0, 0, 0,
            0, 1, 1, 1,
        ];
        using AttentionMasks objects = AttentionMasks.FromLabels(torch.tensor(labels, [1, 4, 4]), classes: 2);
        float[] resized = objects.ResizedMasks([2, 2]).data<float>().ToArray();
        Assert.That(resized, Is.EqualTo(new[] { 0.75f, 0.25f, 0.25f, 0.5f }).Within(1e-6));
    }

    [Test]
    public void PoolingWeightsEachFeatureCellByTheMasksAreaShare()
    {
        using var scope = torch.NewDisposeScope();
        float[] f = [1, 2, 3, 4]; // one channel, 2×2 cells
        long[] labels =
        [
            1, 1, 0, 0,
            1, 0, 0, 1,
            0, 0, 0, 0,
            0, 1, 1, 1,
        ];
        using AttentionMasks objects = AttentionMasks.FromLabels(torch.tensor(labels, [1, 4, 4]), classes: 2);
        double pooled = objects.Pool(torch.tensor(f, [1, 1, 2, 2])).ToDouble();
        Assert.That(pooled, Is.EqualTo((0.75 * 1 + 0.25 * 2 + 0.25 * 3 + 0.5 * 4) / 1.75).Within(1e-6));
    }

    [Test]
    public void DilationGrowsAMaskByThatManyPixelsAndObjectsAreListedByImageThenClass()
    {
        using var scope = torch.NewDisposeScope();
        var labels = new long[2 * 5 * 5];
        labels[2 * 5 + 2] = 2;            // image 0: class 2 at the centre
        labels[25 + 0] = 1;               // image 1: class 1 in the corner, class 2 elsewhere
        labels[25 + 4 * 5 + 4] = 2;
        using AttentionMasks objects = AttentionMasks.FromLabels(torch.tensor(labels, [2, 5, 5]), classes: 3, dilation: 1);
        Assert.That(objects.Images, Is.EqualTo(new long[] { 0, 1, 1 }));
        Assert.That(objects.Classes, Is.EqualTo(new long[] { 2, 1, 2 }));
        float[] centre = objects.Masks[0].contiguous().data<float>().ToArray();
        var expected = new float[25];
        foreach (int y in new[] { 1, 2, 3 })
            foreach (int x in new[] { 1, 2, 3 }) expected[y * 5 + x] = 1;
        Assert.That(centre, Is.EqualTo(expected));
        Assert.That(objects.Masks[1].sum().ToDouble(), Is.EqualTo(4)); // a corner pixel grows to 2×2
    }
}
