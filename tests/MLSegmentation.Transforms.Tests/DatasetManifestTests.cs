namespace MLSegmentation.Transforms.Tests;

public sealed class DatasetManifestTests
{
    [Test]
    public void CsvManifestResolvesPathsRelativeToItselfWithQuotingAndUnlabelledRows()
    {
        string dir = TestData.TempFolder();
        Directory.CreateDirectory(Path.Combine(dir, "data, set", "img"));
        Directory.CreateDirectory(Path.Combine(dir, "data, set", "msk"));
        PngFile.WriteImage(Path.Combine(dir, "data, set", "img", "x.png"), new Image(1, [2, 2], [1, 2, 3, 4]));
        PngFile.WriteImage(Path.Combine(dir, "data, set", "img", "y.png"), new Image(1, [2, 2], [5, 6, 7, 8]));
        PngFile.WriteLabels(Path.Combine(dir, "data, set", "msk", "x.png"), new LabelMap([2, 2], [0, 1, 1, 0]));
        File.WriteAllLines(Path.Combine(dir, "classes.txt"), ["background", "object"]);
        File.WriteAllText(Path.Combine(dir, "train.csv"), "id,image,mask\r\nfirst,\"data, set/img/x.png\",\"data, set/msk/x.png\"\r\nsecond,\"data, set/img/y.png\",\r\n");

        FileSegmentationDataset ds = ManifestDataset.Open(Path.Combine(dir, "train.csv"));

        Assert.That(ds.Count, Is.EqualTo(2));
        Assert.That(ds.ClassNames, Is.EqualTo(new[] { "background", "object" }));
        Assert.That(ds.GetInfo(0).Id, Is.EqualTo("first"));
        Assert.That(ds.Load(0).Image.Data, Is.EqualTo(new float[] { 1, 2, 3, 4 }));
        Assert.That(ds.Load(0).Labels!.Data, Is.EqualTo(new[] { 0, 1, 1, 0 }));
        Assert.That(ds.Load(1).Labels, Is.Null);
        Assert.That(ds.Load(1).Image.Data, Is.EqualTo(new float[] { 5, 6, 7, 8 }));
    }

    [Test]
    public void CsvManifestWithTwoImageColumnsStacksModalities()
    {
        string dir = TestData.TempFolder();
        PngFile.WriteImage(Path.Combine(dir, "a1.png"), new Image(1, [1, 2], [1, 2]));
        PngFile.WriteImage(Path.Combine(dir, "a2.png"), new Image(1, [1, 2], [3, 4]));
        PngFile.WriteLabels(Path.Combine(dir, "am.png"), new LabelMap([1, 2], [1, 0]));
        File.WriteAllText(Path.Combine(dir, "m.csv"), "image_t1,image_t2,label\na1.png,a2.png,am.png\n");

        SegmentationSample s = ManifestDataset.Open(Path.Combine(dir, "m.csv")).Load(0);

        Assert.That(s.Image.Channels, Is.EqualTo(2));
        Assert.That(s.Image.Data, Is.EqualTo(new float[] { 1, 2, 3, 4 }));
        Assert.That(s.Labels!.Data, Is.EqualTo(new[] { 1, 0 }));
    }

    [Test]
    public void JsonManifestWithClassesSamplesAndModalityArrays()
    {
        string dir = TestData.TempFolder();
        Directory.CreateDirectory(Path.Combine(dir, "m"));
        PngFile.WriteImage(Path.Combine(dir, "a.png"), new Image(1, [1, 3], [9, 8, 7]));
        PngFile.WriteImage(Path.Combine(dir, "b.png"), new Image(1, [1, 3], [1, 1, 1]));
        PngFile.WriteLabels(Path.Combine(dir, "m", "a.png"), new LabelMap([1, 3], [2, 0, 1]));
        File.WriteAllText(Path.Combine(dir, "list.json"), """
            {"classes": ["background", "road", "car"],
             "samples": [
               {"id": "s1", "image": ["a.png", "b.png"], "mask": "m/a.png"},
               {"image": "b.png"}
             ]}
            """);

        FileSegmentationDataset ds = ManifestDataset.Open(Path.Combine(dir, "list.json"));

        Assert.That(ds.ClassNames, Is.EqualTo(new[] { "background", "road", "car" }));
        Assert.That(ds.Samples.Select(s => s.Id), Is.EqualTo(new[] { "s1", "b" }));
        Assert.That(ds.Load(0).Image.Channels, Is.EqualTo(2));
        Assert.That(ds.Load(0).Labels!.Data, Is.EqualTo(new[] { 2, 0, 1 }));
        Assert.That(ds.Load(1).Labels, Is.Null);
    }

    [Test]
    public void PlainJsonArrayManifestOpens()
    {
        string dir = TestData.TempFolder();
        PngFile.WriteImage(Path.Combine(dir, "a.png"), new Image(1, [1, 1]));
        PngFile.WriteLabels(Path.Combine(dir, "am.png"), new LabelMap([1, 1], [1]));
        File.WriteAllText(Path.Combine(dir, "l.json"), """[{"image": "a.png", "label": "am.png"}]""");

        Assert.That(ManifestDataset.Open(Path.Combine(dir, "l.json")).Load(0).Labels!.Data, Is.EqualTo(new[] { 1 }));
    }
}
