namespace MLSegmentation.Transforms.Tests;

public sealed class DatasetFolderTests
{
    [Test]
    public void SyntheticFolderOpensLazilyAndLoadsWhatWasWritten()
    {
        string dir = TestData.TempFolder();
        var generator = new SyntheticDatasetGenerator(new SyntheticOptions { Height = 24, Width = 32 }, seed: 3);
        generator.WriteFolder(dir, 5);

        FileSegmentationDataset ds = FolderDataset.Open(dir);

        Assert.That(ds.Count, Is.EqualTo(5));
        Assert.That(ds.ClassNames, Is.EqualTo(generator.ClassNames));
        Assert.That(ds.GetInfo(2).Id, Is.EqualTo("case_0002"));
        Assert.That(ds.GetInfo(2).ImagePaths[0], Does.EndWith(Path.Combine("images", "case_0002.png")));
        Assert.That(ds.GetInfo(2).MaskPath, Does.EndWith(Path.Combine("masks", "case_0002.png")));
        SyntheticSample expected = generator.Generate(2);
        SegmentationSample sample = ds.Load(2);
        Assert.That(sample.Image.Size, Is.EqualTo(new[] { 24, 32 }));
        Assert.That(sample.Image.Data, Is.EqualTo(expected.Image.Data));
        Assert.That(sample.Labels!.Data, Is.EqualTo(expected.Labels.Data));
    }

    [Test]
    public void Binary0255MasksBecome01AndClassIndexMasksStay()
    {
        string dir = TestData.TempFolder();
        Directory.CreateDirectory(Path.Combine(dir, "images"));
        Directory.CreateDirectory(Path.Combine(dir, "masks"));
        var image = new Image(3, [4, 4]);
        PngFile.WriteImage(Path.Combine(dir, "images", "a.png"), image);
        PngFile.WriteImage(Path.Combine(dir, "images", "b.png"), image);
        PngFile.WriteLabels(Path.Combine(dir, "masks", "a.png"), new LabelMap([4, 4], [0, 255, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255]));
        PngFile.WriteLabels(Path.Combine(dir, "masks", "b.png"), new LabelMap([4, 4], [0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]));

        var warnings = new List<string>();
        FileSegmentationDataset ds = FolderDataset.Open(dir, new DatasetOptions { Warning = warnings.Add });

        Assert.That(ds.ClassNames, Is.EqualTo(new[] { "background", "class_1", "class_2" }), "inferred from the values 0, 1 (255 read as binary) and 2");
        Assert.That(warnings, Has.Count.EqualTo(1));
        Assert.That(warnings[0], Does.Contain("the masks hold the values 0, 1, 2").And.Contain("background, class_1, class_2").And.Contain("classes.txt"));
        Assert.That(ds.Load(0).Labels!.Data[..3], Is.EqualTo(new[] { 0, 1, 1 }));
        Assert.That(ds.Load(0).Labels!.Data[15], Is.EqualTo(1));
        Assert.That(ds.Load(1).Labels!.Data[..3], Is.EqualTo(new[] { 0, 1, 2 }));
        Assert.That(ds.Load(0).Image.Channels, Is.EqualTo(3));

        FileSegmentationDataset raw = FolderDataset.Open(dir, new DatasetOptions { MaskEncoding = MaskEncoding.ClassIndices });
        Assert.That(raw.Load(0).Labels!.Data[1], Is.EqualTo(255));
    }

    [Test]
    public void ClassesAreInferredOnlyWhenNoneAreDeclared()
    {
        string dir = TestData.TempFolder();
        Directory.CreateDirectory(Path.Combine(dir, "images"));
        Directory.CreateDirectory(Path.Combine(dir, "masks"));
        PngFile.WriteImage(Path.Combine(dir, "images", "a.png"), new Image(1, [2, 3]));
        PngFile.WriteLabels(Path.Combine(dir, "masks", "a.png"), new LabelMap([2, 3], [0, 255, 0, 0, 255, 0]));
        var warnings = new List<string>();

        Assert.That(FolderDataset.Open(dir, new DatasetOptions { Warning = warnings.Add }).ClassNames, Is.EqualTo(new[] { "background", "class_1" }), "a 0/255 mask is binary");
        Assert.That(warnings, Has.Count.EqualTo(1));

        File.WriteAllLines(Path.Combine(dir, "classes.txt"), ["background", "polyp"]);
        warnings.Clear();
        Assert.That(FolderDataset.Open(dir, new DatasetOptions { Warning = warnings.Add }).ClassNames, Is.EqualTo(new[] { "background", "polyp" }), "a declared file wins");
        Assert.That(warnings, Is.Empty);

        File.Delete(Path.Combine(dir, "classes.txt"));
        PngFile.WriteLabels(Path.Combine(dir, "masks", "a.png"), new LabelMap([2, 3], new int[6]));
        var e = Assert.Throws<DatasetException>(() => FolderDataset.Open(dir));
        Assert.That(e!.Message, Does.Contain("masks").And.Contain("background (0) only"));
    }

    [Test]
    public void MaskSuffixAndClassesJsonAreHonoured()
    {
        string dir = TestData.TempFolder();
        Directory.CreateDirectory(Path.Combine(dir, "img"));
        Directory.CreateDirectory(Path.Combine(dir, "gt"));
        PngFile.WriteImage(Path.Combine(dir, "img", "ISIC_001.png"), new Image(1, [3, 3]));
        PngFile.WriteLabels(Path.Combine(dir, "gt", "ISIC_001_segmentation.png"), new LabelMap([3, 3], [0, 1, 2, 0, 0, 0, 0, 0, 0]));
        File.WriteAllText(Path.Combine(dir, "classes.json"), """{"0": "background", "2": "lesion", "1": "skin"}""");

        FileSegmentationDataset ds = FolderDataset.Open(dir, new DatasetOptions { ImagesFolder = "img", MasksFolder = "gt", MaskSuffix = "_segmentation" });

        Assert.That(ds.ClassNames, Is.EqualTo(new[] { "background", "skin", "lesion" }));
        Assert.That(ds.GetInfo(0).Id, Is.EqualTo("ISIC_001"));
        Assert.That(ds.Load(0).Labels!.Data[2], Is.EqualTo(2));
    }

    [Test]
    public void GreyMasksStoredAsRgbAreReadAndColourMasksRejected()
    {
        string dir = TestData.TempFolder();
        Directory.CreateDirectory(Path.Combine(dir, "images"));
        Directory.CreateDirectory(Path.Combine(dir, "masks"));
        PngFile.WriteImage(Path.Combine(dir, "images", "a.png"), new Image(1, [1, 2]));
        PngFile.WriteImage(Path.Combine(dir, "images", "b.png"), new Image(1, [1, 2]));
        PngFile.WriteImage(Path.Combine(dir, "masks", "a.png"), new Image(3, [1, 2], [0, 1, 0, 1, 0, 1]));
        PngFile.WriteImage(Path.Combine(dir, "masks", "b.png"), new Image(3, [1, 2], [0, 1, 0, 2, 0, 1]));

        var scan = Assert.Throws<DatasetException>(() => FolderDataset.Open(dir), "inferring the classes reads every mask");
        Assert.That(scan!.Message, Does.Contain(Path.Combine(dir, "masks", "b.png")).And.Contain("colour"));
        File.WriteAllLines(Path.Combine(dir, "classes.txt"), ["background", "object"]);
        FileSegmentationDataset ds = FolderDataset.Open(dir);

        Assert.That(ds.Load(0).Labels!.Data, Is.EqualTo(new[] { 0, 1 }));
        var e = Assert.Throws<DatasetException>(() => ds.Load(1));
        Assert.That(e!.Message, Does.Contain(Path.Combine(dir, "masks", "b.png")).And.Contain("colour"));
    }

    [Test]
    public void JpegImagesPairWithPngMasksAndJpegMasksAreThresholdedToBinary()
    {
        string rocket = TestData.Installed(TestData.SkimageData + "rocket.jpg");
        string dir = TestData.TempFolder();
        Directory.CreateDirectory(Path.Combine(dir, "images"));
        Directory.CreateDirectory(Path.Combine(dir, "masks"));
        File.Copy(rocket, Path.Combine(dir, "images", "rocket.jpg"));
        File.Copy(rocket, Path.Combine(dir, "images", "again.jpeg"));
        Image expected = RasterFile.ReadImage(rocket);
        PngFile.WriteLabels(Path.Combine(dir, "masks", "rocket.png"), new LabelMap(expected.Size));
        File.Copy(rocket, Path.Combine(dir, "masks", "again.jpg"));

        FileSegmentationDataset ds = FolderDataset.Open(dir);

        Assert.That(ds.Samples.Select(s => s.Id), Is.EqualTo(new[] { "again", "rocket" }));
        SegmentationSample r = ds.Load(1);
        Assert.That(r.Image.Data.AsSpan().SequenceEqual(expected.Data), Is.True); // NUnit's element-wise equality is slow on 800 k values
        Assert.That(r.Image.Channels, Is.EqualTo(3));
        int[] thresholded = ds.Load(0).Labels!.Data;
        Assert.That(thresholded.Distinct().Order().ToArray(), Is.EqualTo(new[] { 0, 1 }));
    }
}
