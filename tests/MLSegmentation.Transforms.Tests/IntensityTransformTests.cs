namespace MLSegmentation.Transforms.Tests;

public class IntensityTransformTests
{
    private static readonly float[] ImageNetMean = [10, 20];
    private static readonly float[] ImageNetStd = [2, 4];

    [Test]
    public void LabelsAndSideDataPassThrough()
    {
        SegmentationSample sample = Sample();
        var side = new Image(1, sample.Image.Size);
        sample = sample with { SideData = [side] };
        foreach (ISampleTransform t in new ISampleTransform[] { new RandomBrightness(10), new RandomContrast(0.5, 2), new RandomGamma(0.5, 2), new GaussianNoise(3), new GaussianBlur(0.5, 2), new NormalizeIntensity(InputNormalization.ZScore), new IntensityWindow(0, 100) })
        {
            SegmentationSample output = t.Apply(sample, new SampleRandom(1, 1));
            Assert.That(output.Labels, Is.SameAs(sample.Labels));
            Assert.That(output.SideData![0], Is.SameAs(side));
            Assert.That(output.Image, Is.Not.SameAs(sample.Image));
        }
    }

    [Test]
    public void BrightnessContrastAndGammaKeepTheirInvariants()
    {
        SegmentationSample sample = Sample();
        float[] input = sample.Image.Data;
        float[] brighter = new RandomBrightness(10).Apply(sample, new SampleRandom(2, 0)).Image.Data;
        double shift = brighter[0] - input[0];
        Assert.That(brighter.Zip(input, (b, a) => b - a), Is.All.EqualTo(shift).Within(1e-3));

        float[] contrasted = new RandomContrast(0.5, 2).Apply(sample, new SampleRandom(2, 0)).Image.Data;
        Assert.That(contrasted.Average(), Is.EqualTo(input.Average()).Within(1e-2));

        float[] gamma = new RandomGamma(0.5, 2).Apply(sample, new SampleRandom(2, 0)).Image.Data;
        Assert.That((gamma.Min(), gamma.Max()), Is.EqualTo((input.Min(), input.Max())));
        Assert.That(gamma, Is.Not.EqualTo(input));
    }

    [Test]
    public void NoiseHasTheDrawnSpread()
    {
        var flat = new SegmentationSample(new Image(1, [128, 128]));
        float[] noisy = new GaussianNoise(4).Apply(flat, new SampleRandom(3, 0)).Image.Data;
        double sigma = Math.Sqrt(noisy.Average(v => (double)v * v));
        Assert.That(sigma, Is.InRange(0.01, 4.0));
        Assert.That(noisy.Average(), Is.EqualTo(0).Within(4 * sigma / 128));
    }

    [Test]
    public void BlurSpreadsAnImpulseAndKeepsConstants()
    {
        var impulse = new Image(1, [21, 21]);
        impulse[0, 10, 10] = 1;
        Image blurred = new GaussianBlur(1.5, 1.5).Apply(new SegmentationSample(impulse), new SampleRandom(0, 0)).Image;
        Assert.That(blurred.Data.Sum(), Is.EqualTo(1).Within(1e-5));
        Assert.That(blurred[0, 10, 10], Is.EqualTo(1 / (2 * Math.PI * 1.5 * 1.5)).Within(0.01));
        Assert.That(blurred[0, 10, 12], Is.EqualTo(blurred[0, 12, 10]).Within(1e-7));

        var constant = new Image(1, [5, 6, 7], Enumerable.Repeat(3f, 210).ToArray());
        Assert.That(new GaussianBlur(0.5, 2).Apply(new SegmentationSample(constant), new SampleRandom(0, 0)).Image.Data, Is.All.EqualTo(3f).Within(1e-5));
    }

    [Test]
    public void NormalisationsGiveTheirRanges()
    {
        var image = new Image(2, [4, 8], Enumerable.Range(0, 64).Select(i => (float)(i * i)).ToArray());
        Image z = new NormalizeIntensity(InputNormalization.ZScore).Apply(new SegmentationSample(image), new SampleRandom(0, 0)).Image;
        for (int c = 0; c < 2; c++)
        {
            float[] channel = z.Data[(c * 32)..((c + 1) * 32)];
            Assert.That(channel.Average(), Is.EqualTo(0).Within(1e-5));
            Assert.That(Math.Sqrt(channel.Average(v => (double)v * v)), Is.EqualTo(1).Within(1e-4));
        }

        Image fixedNorm = new NormalizeIntensity(InputNormalization.Fixed(ImageNetMean, ImageNetStd)).Apply(new SegmentationSample(image), new SampleRandom(0, 0)).Image;
        Assert.That(fixedNorm[1, 0, 0], Is.EqualTo((32 * 32 - 20) / 4f));

        Image window = new IntensityWindow(100, 1100).Apply(new SegmentationSample(image), new SampleRandom(0, 0)).Image;
        Assert.That((window.Data.Min(), window.Data.Max()), Is.EqualTo((0f, 1f)));
        Assert.That(window[0, 2, 4], Is.EqualTo((20 * 20 - 100) / 1000f).Within(1e-6));
    }

    [Test]
    public void OneHotEncodesAndRejectsUndeclaredClasses()
    {
        var labels = new LabelMap([2, 2], [0, 2, 1, 2], spacing: [0.5, 0.5]);
        Image oneHot = LabelEncoding.OneHot(labels, 3);
        Assert.That(oneHot.Data, Is.EqualTo(new float[] { 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 1 }));
        Assert.That(oneHot.Spacing, Is.EqualTo(labels.Spacing));
        var e = Assert.Throws<ArgumentException>(() => LabelEncoding.OneHot(labels, 2));
        Assert.That(e!.Message, Does.Contain("Label 2"));
    }

    private static SegmentationSample Sample()
    {
        var image = new Image(1, [16, 16], Enumerable.Range(0, 256).Select(i => (float)(i % 37 + 3)).ToArray());
        var labels = new LabelMap([16, 16], Enumerable.Range(0, 256).Select(i => i % 3).ToArray());
        return new SegmentationSample(image, labels);
    }
}
