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
    public void HelpExplainsEveryOption()
    {
        var r = Mlseg.Run("dataset", "colin27-aal", "--help");
        Assert.That(r.ExitCode, Is.EqualTo(0));
        foreach (string option in new[] { "--out", "--label", "--templates" })
            Assert.That(r.Output, Does.Match($@"\n  {option} [^\n]*[A-Za-z]{{4}}"), option);
    }

    /// <summary>The slice numbers z of a split's files <c>images/zNNN.png</c>.</summary>
    private static int[] Slices(string folder) =>
        [.. Directory.GetFiles(Path.Combine(folder, "images")).Select(f => int.Parse(Path.GetFileNameWithoutExtension(f)[1..], CultureInfo.InvariantCulture)).Order()];
}
