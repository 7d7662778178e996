using System.Globalization;
using MLSegmentation.Transforms;

namespace MLSegmentation.Cli.Tests;

public class DatasetCommandTests
{
    private const string Templates = "/usr/share/mricron/templates";
    private string _folder = "";

    [OneTimeSetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("mlseg-dataset-").FullName;

    [OneTimeTearDown]
    public void Remove() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void Colin27AalWritesDisjointTrainAndValidationSlices()
    {
        Assume.That(File.Exists(Path.Combine(Templates, "ch2.nii.gz")) && File.Exists(Path.Combine(Templates, "aal.nii.gz")), "needs Debian's mricron-data");
        string output = Path.Combine(_folder, "colin");
        var r = Mlseg.Run("dataset", "colin27-aal", "--out", output, "--label", "37");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);

        // The expected slices, from the atlas: 10 below to 10 above label 37, split in the middle with 6 left out.
        LabelMap atlas = NiftiFile.ReadLabels(Path.Combine(Templates, "aal.nii.gz")).Labels;
        int plane = atlas.Height * atlas.Width;
        int[] slices = [.. Enumerable.Range(0, atlas.Data.Length).Where(i => atlas.Data[i] == 37).Select(i => i / plane).Distinct()];
        int first = slices.Min() - 10, last = slices.Max() + 10, split = (first + last) / 2;
        int[] train = Slices(Path.Combine(output, "train")), validation = Slices(Path.Combine(output, "validation"));
        Assert.That(train, Is.EqualTo(Enumerable.Range(first, split - 3 - first + 1)));
        Assert.That(validation, Is.EqualTo(Enumerable.Range(split + 4, last - split - 3)));
        Assert.That(validation.Min() - train.Max(), Is.EqualTo(7), "6 slices between the blocks, none shared");
        Assert.That(r.Output, Does.Contain($"train z = {first}…{split - 3} ({train.Length})").And.Contain($"validation z = {split + 4}…{last} ({validation.Length})"));

        FileSegmentationDataset trainSet = FolderDataset.Open(Path.Combine(output, "train")), validationSet = FolderDataset.Open(Path.Combine(output, "validation"));
        Assert.That(trainSet.ClassNames, Is.EqualTo(new[] { "background", "Hippocampus_L" }));
        Assert.That(validationSet.ClassNames, Is.EqualTo(trainSet.ClassNames));
        Assert.That(PngFile.Read(Path.Combine(output, "train", "images", $"z{first:D3}.png")).BitDepth, Is.EqualTo(16));
        var roiSlices = new List<int>();
        foreach (FileSegmentationDataset set in new[] { trainSet, validationSet })
        {
            for (int k = 0; k < set.Count; k++)
            {
                SegmentationSample sample = set.Load(k);
                Assert.That(sample.Image.Size, Is.EqualTo(new[] { 64, 64 }));
                Assert.That(sample.Labels!.DistinctLabels(), Is.SubsetOf(new[] { 0, 1 }));
                if (sample.Labels.Data.Contains(1)) roiSlices.Add(int.Parse(set.GetInfo(k).Id[1..], CultureInfo.InvariantCulture));
            }
        }
        int[] written = [.. slices.Intersect(train.Concat(validation))];
        Assert.That(roiSlices, Is.SubsetOf(written), "the margin slices have no ROI");
        Assert.That(roiSlices, Has.Count.GreaterThanOrEqualTo(written.Length - 6), "the slices through the structure have ROI (but a few edge slices with < 2 of 4 voxels)");
        Assert.That(Directory.Exists(output + ".tmp"), Is.False);

        CommandAssert.FailsWithOneLine(Mlseg.Run("dataset", "colin27-aal", "--out", output), "dataset colin27-aal", "exists");
    }

    [Test]
    public void Colin27AalNamesWhatIsMissing()
    {
        string empty = Directory.CreateDirectory(Path.Combine(_folder, "no-templates")).FullName;
        string output = Path.Combine(_folder, "never");
        CommandAssert.FailsWithOneLine(Mlseg.Run("dataset", "colin27-aal", "--out", output, "--templates", empty), "dataset colin27-aal",
            Path.Combine(empty, "ch2.nii.gz") + ": not found");
        Assert.That(Directory.Exists(output) || Directory.Exists(output + ".tmp"), Is.False);
    }

    [Test]
    public void Colin27AalSizeCropsASmallerSquareAroundTheStructure()
    {
        Assume.That(File.Exists(Path.Combine(Templates, "ch2.nii.gz")) && File.Exists(Path.Combine(Templates, "aal.nii.gz")), "needs Debian's mricron-data");
        string small = Path.Combine(_folder, "colin-32"), full = Path.Combine(_folder, "colin-64");
        Assert.That(Mlseg.Run("dataset", "colin27-aal", "--out", small, "--size", "32").ExitCode, Is.EqualTo(0));
        Assert.That(Mlseg.Run("dataset", "colin27-aal", "--out", full).ExitCode, Is.EqualTo(0));
        foreach (string part in new[] { "train", "validation" })
        {
            FileSegmentationDataset smallSet = FolderDataset.Open(Path.Combine(small, part)), fullSet = FolderDataset.Open(Path.Combine(full, part));
            Assert.That(smallSet.Count, Is.EqualTo(fullSet.Count));
            for (int k = 0; k < smallSet.Count; k++)
            {
                SegmentationSample crop = smallSet.Load(k), whole = fullSet.Load(k);
                Assert.That(crop.Image.Size, Is.EqualTo(new[] { 32, 32 }));
                // The 32-pixel crop is the centre of the 64-pixel one: both are centred on the structure at 2 mm.
                for (int v = 0; v < 32; v++)
                {
                    for (int u = 0; u < 32; u++)
                    {
                        Assert.That(crop.Image.Data[v * 32 + u], Is.EqualTo(whole.Image.Data[(v + 16) * 64 + u + 16]));
                        Assert.That(crop.Labels!.Data[v * 32 + u], Is.EqualTo(whole.Labels!.Data[(v + 16) * 64 + u + 16]));
                    }
                }
                Assert.That(crop.Labels!.Data.Count(l => l == 1), Is.EqualTo(whole.Labels!.Data.Count(l => l == 1)), "the structure lies inside the smaller crop");
            }
        }
        CommandAssert.FailsWithOneLine(Mlseg.Run("dataset", "colin27-aal", "--out", Path.Combine(_folder, "tiny"), "--size", "4"), "dataset colin27-aal", "--size");
    }

    [Test]
    public void Colin27LobesWritesNineClassesOfBlockSumsOnDisjointSlices()
    {
        Assume.That(File.Exists(Path.Combine(Templates, "ch2.nii.gz")) && File.Exists(Path.Combine(Templates, "aal.nii.txt")), "needs Debian's mricron-data");
        string output = Path.Combine(_folder, "lobes");
        var r = Mlseg.Run("dataset", "colin27-lobes", "--out", output);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        int[] train = Slices(Path.Combine(output, "train")), validation = Slices(Path.Combine(output, "validation"));
        Assert.That(train, Is.EqualTo(Enumerable.Range(10, 160).Where(z => z % 10 < 5)));
        Assert.That(validation, Is.EqualTo(Enumerable.Range(10, 160).Where(z => z % 10 is 6 or 7 or 8)));
        Assert.That(r.Output, Does.Contain($"{train.Length} train").And.Contain($"{validation.Length} validation"));

        FileSegmentationDataset trainSet = FolderDataset.Open(Path.Combine(output, "train"));
        Assert.That(trainSet.ClassNames, Is.EqualTo(new[] { "background", "frontal", "insula", "limbic", "occipital", "parietal", "deep grey", "temporal", "cerebellum" }));

        // Pixel (v, u) of slice z from the volumes directly: the sum of a 4×4 block of the centred 192×160 voxel window,
        // and the lobe (AAL group code / 1000 − 1) of the block's centre voxel.
        Image t1 = NiftiFile.ReadImage(Path.Combine(Templates, "ch2.nii.gz")).Image;
        LabelMap atlas = NiftiFile.ReadLabels(Path.Combine(Templates, "aal.nii.gz")).Labels;
        var lobe = File.ReadLines(Path.Combine(Templates, "aal.nii.txt")).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p.Length >= 3).ToDictionary(p => int.Parse(p[0], CultureInfo.InvariantCulture), p => int.Parse(p[2], CultureInfo.InvariantCulture) / 1000 - 1);
        int ny = t1.Height, nx = t1.Width, top = (ny - 192) / 2, left = (nx - 160) / 2;
        var present = new HashSet<int>();
        for (int k = 0; k < trainSet.Count; k++)
        {
            SegmentationSample sample = trainSet.Load(k);
            int z = int.Parse(trainSet.GetInfo(k).Id[1..], CultureInfo.InvariantCulture);
            Assert.That(sample.Image.Size, Is.EqualTo(new[] { 48, 40 }));
            present.UnionWith(sample.Labels!.DistinctLabels());
            if (z % 40 != 0) continue;
            for (int v = 0; v < 48; v += 7)
            {
                for (int u = 0; u < 40; u += 5)
                {
                    float sum = 0;
                    for (int dy = 0; dy < 4; dy++)
                        for (int dx = 0; dx < 4; dx++) sum += t1.Data[(z * ny + top + 4 * v + dy) * nx + left + 4 * u + dx];
                    int centre = atlas.Data[(z * ny + top + 4 * v + 2) * nx + left + 4 * u + 2];
                    Assert.That(sample.Image.Data[v * 40 + u], Is.EqualTo(sum), $"z {z} ({v}, {u})");
                    Assert.That(sample.Labels.Data[v * 40 + u], Is.EqualTo(centre == 0 ? 0 : lobe[centre]), $"z {z} ({v}, {u})");
                }
            }
        }
        Assert.That(present, Is.EquivalentTo(Enumerable.Range(0, 9)), "every lobe appears in some training slice");
        CommandAssert.FailsWithOneLine(Mlseg.Run("dataset", "colin27-lobes", "--out", output), "dataset colin27-lobes", "exists");
    }

    [Test]
    public void HolesCopiesADatasetWithMaskSupHolesFilledWithTheImageMean()
    {
        string source = Path.Combine(_folder, "holes-source"), output = Path.Combine(_folder, "holes");
        Assert.That(Mlseg.Run("synthetic", "--out", source, "--count", "6", "--size", "40", "--classes", "3").ExitCode, Is.EqualTo(0));
        var r = Mlseg.Run("dataset", "holes", "--data", source, "--out", output, "--seed", "7", "--coverage-min", "0.3", "--coverage-max", "0.5");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        Assert.That(r.Output, Does.Contain("6 images with hole masks (coverage 0.3–0.5"));

        FileSegmentationDataset original = FolderDataset.Open(source), masked = FolderDataset.Open(output);
        Assert.That(masked.ClassNames, Is.EqualTo(original.ClassNames));
        Assert.That(masked.Count, Is.EqualTo(original.Count));
        var masks = new HoleMaskGenerator(new HoleMaskOptions { MaskCoverageMin = 0.3, MaskCoverageMax = 0.5 }, 7);
        for (int k = 0; k < original.Count; k++)
        {
            Assert.That(masked.GetInfo(k).Id, Is.EqualTo(original.GetInfo(k).Id));
            SegmentationSample before = original.Load(k), after = masked.Load(k);
            Assert.That(after.Labels!.Data, Is.EqualTo(before.Labels!.Data), "masks are copied unchanged");
            float[] hole = masks.Generate(40, 40, k).Data;
            float fill = MathF.Round(before.Image.Data.Average());
            int holes = hole.Count(h => h > 0.5f);
            Assert.That(holes / 1600.0, Is.InRange(0.3, 0.5 + 1.0 / 1600));
            for (int i = 0; i < hole.Length; i++)
                Assert.That(after.Image.Data[i], Is.EqualTo(hole[i] > 0.5f ? fill : before.Image.Data[i]), $"image {k} pixel {i}");
        }
        CommandAssert.FailsWithOneLine(Mlseg.Run("dataset", "holes", "--data", source, "--out", output), "dataset holes", "exists");
        CommandAssert.FailsWithOneLine(Mlseg.Run("dataset", "holes", "--data", source, "--out", Path.Combine(_folder, "holes-bad"), "--coverage-min", "0.7", "--coverage-max", "0.6"),
            "dataset holes", "MaskCoverageMin");
        Assert.That(Directory.Exists(Path.Combine(_folder, "holes-bad")) || Directory.Exists(Path.Combine(_folder, "holes-bad.tmp")), Is.False);
    }

    [TestCase("colin27-aal", "--out", "--label", "--size", "--templates")]
    [TestCase("colin27-lobes", "--out", "--templates")]
    [TestCase("holes", "--data", "--layout", "--out", "--seed", "--coverage-min", "--coverage-max")]
    public void HelpExplainsEveryOption(string task, params string[] options)
    {
        var r = Mlseg.Run("dataset", task, "--help");
        Assert.That(r.ExitCode, Is.EqualTo(0));
        foreach (string option in options)
            Assert.That(r.Output, Does.Match($@"\n  {option} [^\n]*[A-Za-z]{{4}}"), option);
    }

    /// <summary>The slice numbers z of a split's files <c>images/zNNN.png</c>.</summary>
    private static int[] Slices(string folder) =>
        [.. Directory.GetFiles(Path.Combine(folder, "images")).Select(f => int.Parse(Path.GetFileNameWithoutExtension(f)[1..], CultureInfo.InvariantCulture)).Order()];
}
