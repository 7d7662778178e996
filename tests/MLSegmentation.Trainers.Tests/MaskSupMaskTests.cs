using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Methods;

namespace MLSegmentation.Trainers.Tests;

/// <summary>MaskSup's hole masks: exact filling, determinism across thread counts, a fresh mask per draw.</summary>
public class MaskSupMaskTests
{
    private static readonly long[] Samples = [3, 17, 3, 42, 5, 8, 13, 21, 0, 99, 7, 64];

    [TestCase(0.0)]
    [TestCase(-0.75)]
    public void MaskedPixelsAreExactlyTheFillValueOnEveryChannelAndTheRestIsUntouched(double fill)
    {
        using var scope = torch.NewDisposeScope();
        var masks = new MaskSupMasks(null, seed: 4);
        torch.manual_seed(9);
        var images = torch.randn(new long[] { 4, 3, 16, 20 });
        var holes = masks.Batch(step: 2, [1, 2, 3, 4], 16, 20);
        float[] x = images.data<float>().ToArray(), m = holes.data<float>().ToArray();
        float[] y = MaskSupMasks.Apply(images, holes, fill).data<float>().ToArray();
        int plane = 16 * 20, maskedCount = 0;
        for (int n = 0; n < 4; n++)
        {
            for (int c = 0; c < 3; c++)
            {
                for (int i = 0; i < plane; i++)
                {
                    int at = (n * 3 + c) * plane + i;
                    float mask = m[n * plane + i];
                    Assert.That(mask is 0 or 1);
                    if (mask == 1)
                    {
                        maskedCount++;
                        if (y[at] != (float)fill) Assert.Fail($"masked pixel {at} is {y[at]}, not {fill}");
                    }
                    else if (BitConverter.SingleToInt32Bits(y[at]) != BitConverter.SingleToInt32Bits(x[at]))
                    {
                        Assert.Fail($"unmasked pixel {at} changed from {x[at]} to {y[at]}");
                    }
                }
            }
        }
        Assert.That(maskedCount, Is.InRange(0.4 * x.Length, 0.6 * x.Length + 12));
    }

    [Test]
    public void VolumesGetTheSameMaskOnEverySlice()
    {
        using var scope = torch.NewDisposeScope();
        var images = torch.ones(new long[] { 2, 1, 3, 8, 8 });
        var holes = new MaskSupMasks(null, seed: 1).Batch(0, [0, 1], 8, 8);
        var masked = MaskSupMasks.Apply(images, holes, 0);
        for (int d = 0; d < 3; d++)
            Assert.That(masked.select(2, d).eq(0).to(ScalarType.Float32).SameAs(holes.to(ScalarType.Float32)), Is.True);
    }

    [Test]
    public void TheSameSeedGivesTheSameMasksWhateverTheThreadCount()
    {
        using var scope = torch.NewDisposeScope();
        var masks = new MaskSupMasks(null, seed: 7);
        float[] sequential = masks.Batch(5, Samples, 24, 24, workers: 1).data<float>().ToArray();
        float[] parallel = masks.Batch(5, Samples, 24, 24, workers: 4).data<float>().ToArray();
        float[] again = new MaskSupMasks(null, seed: 7).Batch(5, Samples, 24, 24, workers: 3).data<float>().ToArray();
        Assert.That(parallel, Is.EqualTo(sequential).AsCollection);
        Assert.That(again, Is.EqualTo(sequential).AsCollection);
        float[] one = masks.Draw(5, Samples[3], 24, 24);
        Assert.That(sequential.AsSpan(3 * 576, 576).SequenceEqual(one), Is.True, "a batch holds each sample's own mask");
    }

    [Test]
    public void TheSameSampleGetsAFreshMaskAtEveryStepAndOneMaskPerStep()
    {
        var masks = new MaskSupMasks(null, seed: 7);
        float[] step0 = masks.Draw(0, 3, 32, 32);
        float[] step1 = masks.Draw(1, 3, 32, 32);
        float[] otherSample = masks.Draw(0, 4, 32, 32);
        float[] otherSeed = new MaskSupMasks(null, seed: 8).Draw(0, 3, 32, 32);
        Assert.That(masks.Draw(0, 3, 32, 32), Is.EqualTo(step0).AsCollection);
        Assert.That(Differences(step0, step1), Is.GreaterThan(100));
        Assert.That(Differences(step0, otherSample), Is.GreaterThan(100));
        Assert.That(Differences(step0, otherSeed), Is.GreaterThan(100));
        using var scope = torch.NewDisposeScope();
        float[] batch = masks.Batch(9, [3, 3], 32, 32).data<float>().ToArray();
        Assert.That(batch.AsSpan(0, 1024).SequenceEqual(batch.AsSpan(1024, 1024)), Is.True, "a sample drawn twice in one step has one mask");
    }

    [Test]
    public void CoverageFollowsTheOptions()
    {
        var masks = new MaskSupMasks(new MaskSupOptions { MaskCoverageMin = 0.2, MaskCoverageMax = 0.25 }.HoleMasks, seed: 3);
        for (long step = 0; step < 20; step++)
        {
            double coverage = masks.Draw(step, step * 7, 32, 32).Average();
            Assert.That(coverage, Is.InRange(0.2, 0.25 + 1.0 / 1024));
        }
    }

    [Test]
    public void MasksThatDoNotFitTheImagesAreRejected()
    {
        using var scope = torch.NewDisposeScope();
        var images = torch.zeros(2, 1, 8, 8);
        Assert.Throws<ArgumentException>(() => MaskSupMasks.Apply(images, torch.zeros(2, 1, 8, 9), 0));
        Assert.Throws<ArgumentException>(() => MaskSupMasks.Apply(images, torch.zeros(3, 1, 8, 8), 0));
    }

    private static int Differences(float[] a, float[] b) => a.Zip(b).Count(p => p.First != p.Second);
}
