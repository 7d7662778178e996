namespace MLSegmentation.Transforms.Tests;

public class DistanceFadeTests
{
    private const int Side = 40;

    [Test]
    public void TheFadeIsOneOnAndNearTheRoiDecaysBeyondAndIsOneWithoutRoi()
    {
        var labels = new int[Side * Side];
        labels[10 * Side + 10] = 2;
        float[] fade = DistanceFade.Compute(labels, [Side, Side], tauSub: 3, tauDev: 4);
        Assert.That(fade[10 * Side + 10], Is.EqualTo(1f));
        Assert.That(fade[10 * Side + 13], Is.EqualTo(1f), "within τ_sub");
        Assert.That(fade[10 * Side + 30], Is.EqualTo((float)Math.Exp((3 - 20) / 4.0)).Within(1e-7f));
        Assert.That(fade[30 * Side + 30], Is.EqualTo((float)Math.Exp((3 - Math.Sqrt(800)) / 4.0)).Within(1e-7f));
        Assert.That(DistanceFade.Compute(new int[Side * Side], [Side, Side], 3, 4), Is.All.EqualTo(1f));
        Assert.That(() => DistanceFade.Compute(labels, [Side, Side], 3, 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void AddedBeforeACropTheFadeIsTheWholeSamplesAtTheCroppedPixels()
    {
        // ROI in one corner; the image holds each pixel's index, so a crop's output says where each pixel came from.
        var labels = new int[Side * Side];
        for (int y = 2; y < 5; y++)
        {
            for (int x = 2; x < 5; x++) labels[y * Side + x] = 1;
        }
        var sample = new SegmentationSample(new Image(1, [Side, Side], [.. Enumerable.Range(0, Side * Side).Select(i => (float)i)]), new LabelMap([Side, Side], labels));
        float[] whole = DistanceFade.Compute(labels, [Side, Side], tauSub: 5, tauDev: 10);
        var pipeline = new TransformPipeline(7, new AddDistanceFade(5, 10), new RandomCrop([12, 12]));
        int withoutRoi = 0;
        for (long index = 0; index < 20; index++)
        {
            SegmentationSample cropped = pipeline.Apply(sample, index);
            Image fade = cropped.SideData!.Single();
            Assert.That(fade.Size, Is.EqualTo(new[] { 12, 12 }));
            for (int i = 0; i < fade.Data.Length; i++)
                Assert.That(fade.Data[i], Is.EqualTo(whole[(int)cropped.Image.Data[i]]), $"sample {index}, pixel {i}");
            if (cropped.Labels!.Data.All(l => l == 0))
            {
                withoutRoi++;
                Assert.That(fade.Data.Min(), Is.LessThan(0.5f), "a crop without ROI keeps its distance to the ROI outside it");
            }
        }
        Assert.That(withoutRoi, Is.GreaterThan(5), "crops away from the ROI must occur, or the test proves nothing");
        Assert.That(() => new AddDistanceFade(5, 10).Apply(sample with { Labels = null }, new SampleRandom(1, 0)),
            Throws.ArgumentException.With.Message.Contains("needs the sample's labels"));
    }
}
