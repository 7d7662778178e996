namespace MLSegmentation.Transforms.Tests;

public class SpatialTransformTests
{
    private static readonly int[] Upscaled = [1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 4, 4, 5, 5, 6, 6];
    private static readonly double[] HalfSpacing = [1.0, 2.0];

    private static IEnumerable<TestCaseData> Transforms2D()
    {
        yield return Case("flip x", new RandomFlip(0, 1.0), exact: true);
        yield return Case("flip y", new RandomFlip(1, 1.0), exact: true);
        yield return Case("rotation", new RandomRotation(180), exact: false);
        yield return Case("zoom in", new RandomScaling(1.2, 1.8), exact: false);
        yield return Case("zoom out", new RandomScaling(0.5, 0.9), exact: false);
        yield return Case("resize stretch", new Resize([40, 17]), exact: false);
        yield return Case("resize pad", new Resize([48, 48], ResizeMode.Pad), exact: false);
        yield return Case("resize crop", new Resize([20, 20], ResizeMode.Crop), exact: false);
        yield return Case("crop", new RandomCrop([16, 12]), exact: true);
        yield return Case("crop larger than input", new RandomCrop([40, 40]), exact: true);
        yield return Case("elastic", new RandomElasticDeformation(4, 3), exact: false);
    }

    private static IEnumerable<TestCaseData> Transforms3D()
    {
        yield return Case("flip z", new RandomFlip(2, 1.0), exact: true);
        yield return Case("rotation", new RandomRotation(45), exact: false);
        yield return Case("zoom all axes", new RandomScaling(0.6, 1.6, scaleDepth: true), exact: false);
        yield return Case("resize", new Resize([9, 30, 20]), exact: false);
        yield return Case("crop", new RandomCrop([5, 10, 10]), exact: true);
        yield return Case("elastic", new RandomElasticDeformation(3, 2, deformDepth: true), exact: false);
    }

    [TestCaseSource(nameof(Transforms2D))]
    public void LabelledPixelLandsWhereTheImagePixelLands2D(ISampleTransform transform, bool exact) =>
        AssertPixelsMoveTogether(transform, [24, 31], exact);

    [TestCaseSource(nameof(Transforms3D))]
    public void LabelledVoxelLandsWhereTheImageVoxelLands3D(ISampleTransform transform, bool exact) =>
        AssertPixelsMoveTogether(transform, [7, 18, 15], exact);

    [Test]
    public void FlipMirrorsAndTwoFlipsRestore()
    {
        SegmentationSample sample = Ramp([3, 4]);
        var flip = new RandomFlip(0, 1.0);
        SegmentationSample once = flip.Apply(sample, new SampleRandom(0, 0));
        Assert.That(once.Image[0, 1, 0], Is.EqualTo(sample.Image[0, 1, 3]));
        Assert.That(once.Labels![2, 1], Is.EqualTo(sample.Labels![2, 2]));
        Assert.That(flip.Apply(once, new SampleRandom(0, 0)).Image.Data, Is.EqualTo(sample.Image.Data));
    }

    [Test]
    public void ZeroRotationIsTheIdentity()
    {
        SegmentationSample sample = Ramp([5, 6]);
        SegmentationSample same = new RandomRotation(0).Apply(sample, new SampleRandom(0, 0));
        Assert.That(same.Image.Data, Is.EqualTo(sample.Image.Data));
        Assert.That(same.Labels!.Data, Is.EqualTo(sample.Labels!.Data));
    }

    [Test]
    public void ElasticDeformationMovesVoxelsByAtMostItsMagnitude()
    {
        SegmentationSample sample = Ramp([20, 24]);
        Assert.That(new RandomElasticDeformation(0, 2).Apply(sample, new SampleRandom(0, 0)).Image.Data, Is.EqualTo(sample.Image.Data));
        SegmentationSample warped = new RandomElasticDeformation(2, 3).Apply(sample, new SampleRandom(0, 0));
        Assert.That(warped.Image.Data, Is.Not.EqualTo(sample.Image.Data));
        for (int y = 2; y < 18; y++)
        {
            for (int x = 2; x < 22; x++)
            {
                // Ramp value 24·y + x: a displacement of at most 2 voxels per axis changes it by at most 2·24 + 2
                // (the border rows and columns may move in from outside, where the fill is 0).
                Assert.That(Math.Abs(warped.Image[0, y, x] - sample.Image[0, y, x]), Is.LessThanOrEqualTo(50 + 1e-3));
            }
        }
    }

    [Test]
    public void StretchUpscalingReplicatesLabelsAndScalesSpacing()
    {
        var labels = new LabelMap([2, 3], [1, 2, 3, 4, 5, 6], spacing: [2.0, 4.0]);
        var image = new Image(1, [2, 3], [1, 2, 3, 4, 5, 6], spacing: [2.0, 4.0]);
        SegmentationSample big = new Resize([4, 6]).Apply(new SegmentationSample(image, labels), new SampleRandom(0, 0));
        Assert.That(big.Labels!.Data, Is.EqualTo(Upscaled));
        Assert.That(big.Image.Spacing, Is.EqualTo(HalfSpacing));
        Assert.That(big.Image[0, 0, 0], Is.EqualTo(1f), "the border clamps");
        Assert.That(big.Image[0, 0, 1], Is.EqualTo(1.25f), "(1 + ½)·3/6 − ½ = 0.25 along x");
    }

    [Test]
    public void PadKeepsTheAspectRatio()
    {
        SegmentationSample sample = Ramp([10, 20]);
        SegmentationSample padded = new Resize([40, 40], ResizeMode.Pad) { ImageFill = -1 }.Apply(sample, new SampleRandom(0, 0));
        Assert.That(padded.Image[0, 0, 20], Is.EqualTo(-1f), "top band is padding");
        Assert.That(padded.Labels![0, 20], Is.EqualTo(0));
        Assert.That(padded.Image[0, 20, 0], Is.Not.EqualTo(-1f), "the content spans the full width");
    }

    [Test]
    public void ForegroundCropsContainForeground()
    {
        var labels = new LabelMap([64, 64]);
        labels[50, 7] = 3;
        var sample = new SegmentationSample(new Image(1, [64, 64]), labels);
        var crop = new RandomCrop([16, 16], foregroundProbability: 1.0);
        for (int i = 0; i < 20; i++)
        {
            Assert.That(crop.Apply(sample, new SampleRandom(1, i)).Labels!.Data, Does.Contain(3));
        }
    }

    [Test]
    public void PipelineIsDeterministicPerSampleIndex()
    {
        var pipeline = new TransformPipeline(9, new RandomFlip(), new RandomRotation(30), new RandomScaling(0.8, 1.2), new RandomCrop([20, 20]));
        SegmentationSample sample = Ramp([32, 32]);
        float[] first = pipeline.Apply(sample, 3).Image.Data;
        Assert.That(pipeline.Apply(sample, 3).Image.Data, Is.EqualTo(first));
        Assert.That(pipeline.Apply(sample, 4).Image.Data, Is.Not.EqualTo(first));
        Parallel.For(0, 8, _ => Assert.That(pipeline.Apply(sample, 3).Image.Data, Is.EqualTo(first)));
    }

    [Test]
    public void MismatchedPartsAreRejected()
    {
        var sample = new SegmentationSample(new Image(1, [4, 4]), new LabelMap([4, 5]));
        Assert.Throws<ArgumentException>(() => new RandomFlip().Apply(sample, new SampleRandom(0, 0)));
    }

    private static TestCaseData Case(string name, ISampleTransform transform, bool exact) =>
        new TestCaseData(transform, exact).SetArgDisplayNames(name);

    private static SegmentationSample Ramp(int[] size)
    {
        var image = new Image(1, size);
        var labels = new LabelMap(size);
        for (int i = 0; i < image.Data.Length; i++)
        {
            image.Data[i] = i;
            labels.Data[i] = i % 7;
        }

        return new SegmentationSample(image, labels);
    }

    private static void AssertPixelsMoveTogether(ISampleTransform transform, int[] size, bool exact)
    {
        int landed = 0;
        for (int trial = 0; trial < 40; trial++)
        {
            var random = new SampleRandom(10, trial);
            var image = new Image(1, size);
            var labels = new LabelMap(size);
            int p = random.NextInt(image.VoxelCount);
            image.Data[p] = 1000;
            labels.Data[p] = 1;
            var side = new Image(1, size);
            side.Data[p] = 1;
            SegmentationSample output = transform.Apply(new SegmentationSample(image, labels, [side]), random);
            int[] outLabels = output.Labels!.Data;
            float[] outImage = output.Image.Data;
            Assert.That(output.SideData![0].Data, Is.EqualTo(outLabels.Select(l => (float)l).ToArray()), "side data moves with the labels");
            var labelled = Enumerable.Range(0, outLabels.Length).Where(i => outLabels[i] == 1).ToArray();
            foreach (int o in labelled)
            {
                Assert.That(outImage[o], Is.GreaterThanOrEqualTo(1000 * Math.Pow(0.5, size.Length) - 1e-3), "a labelled pixel lies within half a pixel of the image pixel on every axis");
            }

            if (exact)
            {
                Assert.That(labelled.Length, Is.LessThanOrEqualTo(1));
                Assert.That(outImage.Count(v => v != 0), Is.EqualTo(labelled.Length));
                if (labelled.Length == 1)
                {
                    Assert.That(outImage[labelled[0]], Is.EqualTo(1000f));
                }
            }

            if (labelled.Length > 0)
            {
                landed++;
                int peak = Array.IndexOf(outImage, outImage.Max());
                int[] peakAt = Coordinates(peak, output.Image.Size);
                Assert.That(labelled.Any(o => Coordinates(o, output.Image.Size).Zip(peakAt).All(c => Math.Abs(c.First - c.Second) <= 1)), "the image's peak is next to the label");
            }
        }

        Assert.That(landed, Is.GreaterThan(5), "the transform keeps the pixel inside often enough to test");
    }

    private static int[] Coordinates(int index, IReadOnlyList<int> size)
    {
        var c = new int[size.Count];
        for (int a = size.Count - 1; a >= 0; a--)
        {
            c[a] = index % size[a];
            index /= size[a];
        }

        return c;
    }
}
