namespace MLSegmentation.Transforms.Tests;

public class SyntheticDatasetTests
{
    /// <summary>Noise-free intensity range of each class (background flat without heterogeneity).</summary>
    private static readonly (int Min, int Max)[] ClassRanges = [(90, 90), (185, 215), (20, 44), (150, 170), (235, 255)];

    private static readonly string[] ThreeClasses = ["background", "blob", "shape"];
    private static readonly string[] ThreeFiles = ["case_0010.png", "case_0011.png", "case_0012.png"];

    [Test]
    public void SamplesAreDeterministicBySeedAndIndex()
    {
        var a = new SyntheticDatasetGenerator(null, seed: 1);
        var b = new SyntheticDatasetGenerator(null, seed: 1);
        var c = new SyntheticDatasetGenerator(null, seed: 2);
        Assert.That(a.Generate(5).Image.Data, Is.EqualTo(b.Generate(5).Image.Data));
        Assert.That(a.Generate(5).Labels.Data, Is.EqualTo(b.Generate(5).Labels.Data));
        Assert.That(a.Generate(5).Labels.Data, Is.Not.EqualTo(c.Generate(5).Labels.Data));
        Assert.That(a.Generate(5).Labels.Data, Is.Not.EqualTo(a.Generate(6).Labels.Data));
    }

    [TestCase(1)]
    [TestCase(12)]
    public void LabelsAreExact(int depth)
    {
        var options = new SyntheticOptions { Depth = depth, Height = 48, Width = 56, NoiseSigma = 0, BackgroundHeterogeneity = 0, Occlusion = 0.5 };
        var generator = new SyntheticDatasetGenerator(options, seed: 3);
        for (int index = 0; index < (depth == 1 ? 60 : 6); index++)
        {
            SyntheticSample sample = generator.Generate(index);
            int wrong = Enumerable.Range(0, sample.Labels.Data.Length).FirstOrDefault(
                i => sample.Image.Data[i] < ClassRanges[sample.Labels.Data[i]].Min || sample.Image.Data[i] > ClassRanges[sample.Labels.Data[i]].Max, -1);
            Assert.That(wrong, Is.EqualTo(-1), () => $"sample {index}, voxel {wrong}: class {sample.Labels.Data[wrong]} with intensity {sample.Image.Data[wrong]}");
        }
    }

    [Test]
    public void EveryClassAppearsAndLesionsAreRare()
    {
        var generator = new SyntheticDatasetGenerator(null, seed: 4);
        var pixels = new long[5];
        int withLesions = 0;
        const int Samples = 60;
        for (int index = 0; index < Samples; index++)
        {
            int[] labels = generator.Generate(index).Labels.Data;
            foreach (int l in labels)
            {
                pixels[l]++;
            }

            withLesions += labels.Contains(4) ? 1 : 0;
        }

        Assert.That(pixels, Is.All.GreaterThan(0));
        Assert.That(withLesions, Is.InRange(22, 48), "LesionProbability 0.6 (a lesion can be hidden by a later object)");
        Assert.That((double)pixels[4] / pixels.Sum(), Is.LessThan(0.01), "lesions are small");
        Assert.That((double)pixels[0] / pixels.Sum(), Is.InRange(0.5, 0.9), "background dominates");
    }

    [Test]
    public void ClassCountLimitsTheLabels()
    {
        var generator = new SyntheticDatasetGenerator(new SyntheticOptions { ClassCount = 3 }, seed: 5);
        Assert.That(generator.ClassNames, Is.EqualTo(ThreeClasses));
        for (int index = 0; index < 20; index++)
        {
            Assert.That(generator.Generate(index).Labels.Data, Is.All.LessThan(3));
        }
    }

    [Test]
    public void HeterogeneityRoughensTheBackground()
    {
        double Spread(double heterogeneity)
        {
            var generator = new SyntheticDatasetGenerator(new SyntheticOptions { BackgroundHeterogeneity = heterogeneity }, seed: 6);
            var values = new List<double>();
            for (int index = 0; index < 10; index++)
            {
                SyntheticSample s = generator.Generate(index);
                values.AddRange(s.Image.Data.Where((_, i) => s.Labels.Data[i] == 0).Select(v => (double)v));
            }

            double mean = values.Average();
            return Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
        }

        double flat = Spread(0);
        Assert.That(flat, Is.EqualTo(5).Within(0.5), "only the pixel noise");
        Assert.That(Spread(0.5), Is.GreaterThan(2 * flat));
        Assert.That(Spread(1), Is.GreaterThan(Spread(0.5)));
    }

    [Test]
    public void DefaultTaskIsSeparableByLocalIntensity()
    {
        // A proxy for "a tiny U-Net learns it": even a per-pixel nearest-class-mean rule on a 3×3 mean
        // reaches a good foreground Dice with the default knobs.
        var generator = new SyntheticDatasetGenerator(null, seed: 7);
        var tp = new long[5];
        var fp = new long[5];
        var fn = new long[5];
        double[] means = [90, 200, 32, 160, 245];
        for (int index = 0; index < 40; index++)
        {
            SyntheticSample s = generator.Generate(index);
            for (int y = 0; y < 64; y++)
            {
                for (int x = 0; x < 64; x++)
                {
                    double sum = 0;
                    int n = 0;
                    for (int dy = -1; dy <= 1; dy++)
                    {
                        for (int dx = -1; dx <= 1; dx++)
                        {
                            if (y + dy is >= 0 and < 64 && x + dx is >= 0 and < 64)
                            {
                                sum += s.Image[0, y + dy, x + dx];
                                n++;
                            }
                        }
                    }

                    double v = (sum / n + s.Image[0, y, x]) / 2;
                    int predicted = Enumerable.Range(0, 5).MinBy(c => Math.Abs(means[c] - v));
                    int truth = s.Labels[y, x];
                    if (predicted == truth)
                    {
                        tp[truth]++;
                    }
                    else
                    {
                        fp[predicted]++;
                        fn[truth]++;
                    }
                }
            }
        }

        double[] dice = Enumerable.Range(1, 4).Select(c => 2.0 * tp[c] / (2 * tp[c] + fp[c] + fn[c])).ToArray();
        TestContext.Out.WriteLine($"Dice of the intensity rule per class: {string.Join(", ", dice.Select(d => d.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.That(dice.Average(), Is.GreaterThan(0.6));
    }

    [Test]
    public void WritesTheFolderPairLayout()
    {
        string dir = TestData.TempFolder();
        var generator = new SyntheticDatasetGenerator(null, seed: 8);
        generator.WriteFolder(dir, 3, firstIndex: 10);
        Assert.That(Directory.GetFiles(Path.Combine(dir, "images")).Select(Path.GetFileName), Is.EquivalentTo(ThreeFiles));
        SyntheticSample sample = generator.Generate(11);
        Assert.That(PngFile.ReadImage(Path.Combine(dir, "images", "case_0011.png")).Data, Is.EqualTo(sample.Image.Data));
        Assert.That(PngFile.ReadLabels(Path.Combine(dir, "masks", "case_0011.png")).Data, Is.EqualTo(sample.Labels.Data));
        Assert.That(File.ReadAllLines(Path.Combine(dir, "classes.txt")), Is.EqualTo(generator.ClassNames));
        Directory.Delete(dir, true);
    }

    [Test]
    public void WritesVolumesInTheDecathlonLayout()
    {
        string dir = TestData.TempFolder();
        var generator = new SyntheticDatasetGenerator(new SyntheticOptions { Depth = 16, Height = 32, Width = 40 }, seed: 9);
        generator.WriteFolder(dir, 2);
        SyntheticSample sample = generator.Generate(1);
        Assert.That(NiftiFile.ReadImage(Path.Combine(dir, "imagesTr", "case_0001_0000.nii.gz")).Image.Data, Is.EqualTo(sample.Image.Data));
        Assert.That(NiftiFile.ReadLabels(Path.Combine(dir, "labelsTr", "case_0001.nii.gz")).Labels.Data, Is.EqualTo(sample.Labels.Data));
        Assert.That(File.ReadAllText(Path.Combine(dir, "dataset.json")), Does.Contain("\"numTraining\":2").And.Contain("\"4\":\"lesion\""));
        Directory.Delete(dir, true);
    }
}
