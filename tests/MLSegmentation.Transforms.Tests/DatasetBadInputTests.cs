namespace MLSegmentation.Transforms.Tests;

public sealed class DatasetBadInputTests
{
    private string _dir = "";

    [SetUp]
    public void WriteGoodFolder()
    {
        _dir = TestData.TempFolder();
        new SyntheticDatasetGenerator(new SyntheticOptions { Height = 16, Width = 16 }, seed: 1).WriteFolder(_dir, 4);
    }

    private string ImagePath(int i) => Path.Combine(_dir, "images", $"case_{i:D4}.png");

    private string MaskPath(int i) => Path.Combine(_dir, "masks", $"case_{i:D4}.png");

    private static DatasetException LoadFails(FileSegmentationDataset ds, int index, string file, string problem)
    {
        var e = Assert.Throws<DatasetException>(() => ds.Load(index))!;
        Assert.That(e.Message, Does.Contain(file).And.Contain(problem).IgnoreCase);
        Assert.That(e.FilePath, Is.EqualTo(file));
        return e;
    }

    [Test]
    public void BitFlippedPngNamesTheFileOnLoad()
    {
        byte[] bytes = File.ReadAllBytes(ImagePath(1));
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(ImagePath(1), bytes);

        FileSegmentationDataset ds = FolderDataset.Open(_dir); // lazy: opening does not decode
        Assert.That(ds.Load(0).Labels, Is.Not.Null);
        LoadFails(ds, 1, ImagePath(1), "corrupt");
    }

    [Test]
    public void TruncatedPngMaskNamesTheFile()
    {
        byte[] bytes = File.ReadAllBytes(MaskPath(2));
        File.WriteAllBytes(MaskPath(2), bytes[..(bytes.Length - 20)]);

        LoadFails(FolderDataset.Open(_dir), 2, MaskPath(2), "truncated");
    }

    [Test]
    public void TruncatedNiftiLabelNamesTheFile()
    {
        string dir = TestData.TempFolder();
        new SyntheticDatasetGenerator(new SyntheticOptions { Depth = 4, Height = 8, Width = 8 }, seed: 2).WriteFolder(dir, 2);
        string label = Path.Combine(dir, "labelsTr", "case_0001.nii.gz");
        byte[] bytes = File.ReadAllBytes(label);
        File.WriteAllBytes(label, bytes[..(bytes.Length / 2)]);

        LoadFails(DecathlonDataset.Open(dir).Training, 1, label, "gzip");
    }

    [Test]
    public void FileThatIsNotWhatItsExtensionSaysNamesTheFile()
    {
        File.WriteAllText(ImagePath(3), "this is not a picture");

        LoadFails(FolderDataset.Open(_dir), 3, ImagePath(3), "not a PNG");
    }

    [Test]
    public void UnknownFormatNamesTheFileOnOpen()
    {
        string bmp = Path.Combine(_dir, "images", "scan.bmp");
        File.WriteAllBytes(bmp, [0x42, 0x4D, 0, 0]);

        var e = Assert.Throws<DatasetException>(() => FolderDataset.Open(_dir))!;
        Assert.That(e.Message, Does.Contain(bmp).And.Contain("unknown format"));
    }

    [Test]
    public void ImageMaskSizeMismatchNamesTheMaskAndTheImage()
    {
        PngFile.WriteLabels(MaskPath(0), new LabelMap([8, 16]));

        DatasetException e = LoadFails(FolderDataset.Open(_dir), 0, MaskPath(0), "size mismatch");
        Assert.That(e.Message, Does.Contain(ImagePath(0)).And.Contain("[8×16]").And.Contain("[16×16]"));
    }

    [Test]
    public void MaskValueOutsideTheDeclaredClassesNamesTheFileValueAndPosition()
    {
        var labels = new LabelMap([16, 16]);
        labels[3, 5] = 7; // classes.txt declares 5 classes
        PngFile.WriteLabels(MaskPath(1), labels);

        DatasetException e = LoadFails(FolderDataset.Open(_dir), 1, MaskPath(1), "outside the 5 declared classes");
        Assert.That(e.Message, Does.Contain("value 7").And.Contain("(y 3, x 5)"));
    }

    [Test]
    public void EmptyImagesFolderNamesTheFolder()
    {
        string dir = TestData.TempFolder();
        Directory.CreateDirectory(Path.Combine(dir, "images"));
        Directory.CreateDirectory(Path.Combine(dir, "masks"));

        var e = Assert.Throws<DatasetException>(() => FolderDataset.Open(dir))!;
        Assert.That(e.Message, Does.Contain(Path.Combine(dir, "images")).And.Contain("empty"));
        Assert.Throws<DatasetException>(() => FolderDataset.Open(Path.Combine(dir, "missing")));
    }

    [Test]
    public void ImageWithoutAMaskNamesTheImage()
    {
        File.Delete(MaskPath(2));

        var e = Assert.Throws<DatasetException>(() => FolderDataset.Open(_dir))!;
        Assert.That(e.Message, Does.Contain(ImagePath(2)).And.Contain("without a mask"));
    }

    [Test]
    public void DecathlonCaseMissingAModalityNamesTheFile()
    {
        string dir = TestData.TempFolder();
        DatasetDecathlonTests.WriteCases(dir, "imagesTr", "labelsTr", 2);
        File.WriteAllText(Path.Combine(dir, "dataset.json"), """{"channel_names": {"0": "A", "1": "B"}, "labels": {"background": 0, "x": 1, "y": 2}}""");
        string missing = Path.Combine(dir, "imagesTr", "case_001_0001.nii.gz");
        File.Delete(missing);

        var e = Assert.Throws<DatasetException>(() => DecathlonDataset.Open(dir))!;
        Assert.That(e.Message, Does.Contain(missing).And.Contain("modality 1"));

        var skipped = new List<SkippedSample>();
        DecathlonDataset ds = DecathlonDataset.Open(dir, new DatasetOptions { SkipBadSamples = true, SampleSkipped = skipped.Add });
        Assert.That(ds.Training.Count, Is.EqualTo(1));
        Assert.That(skipped.Select(s => s.FilePath), Does.Contain(missing));
    }

    [Test]
    public void SkippingListsEveryStructuralProblemAndVerifyListsEveryContentProblem()
    {
        File.Delete(MaskPath(0));
        string txt = Path.Combine(_dir, "images", "readme.txt");
        File.WriteAllText(txt, "notes");
        File.WriteAllText(MaskPath(2), "garbage");
        var labels = new LabelMap([16, 16]);
        labels[0, 0] = 9;
        PngFile.WriteLabels(MaskPath(3), labels);
        var warnings = new List<SkippedSample>();
        var options = new DatasetOptions { SkipBadSamples = true, SampleSkipped = warnings.Add };

        FileSegmentationDataset ds = FolderDataset.Open(_dir, options);
        Assert.That(ds.Count, Is.EqualTo(3));
        Assert.That(warnings.Select(w => w.FilePath), Is.EquivalentTo(new[] { txt, ImagePath(0) }));

        FileSegmentationDataset clean = ds.Verify(skipBadSamples: true, sampleSkipped: warnings.Add);
        Assert.That(clean.Samples.Select(s => s.Id), Is.EqualTo(new[] { "case_0001" }));
        Assert.That(warnings.Select(w => w.FilePath), Is.EquivalentTo(new[] { txt, ImagePath(0), MaskPath(2), MaskPath(3) }));
        Assert.That(clean.Skipped, Has.Count.EqualTo(4));
        Assert.That(warnings[^1].ToString(), Does.StartWith($"Skipped '{MaskPath(3)}'"));

        Assert.Throws<DatasetException>(() => ds.Verify());
    }

    [Test]
    public void JpegMaskCannotBeReadAsExactClassIndices()
    {
        string jpeg = Path.Combine(_dir, "masks", "case_0001.jpg");
        File.Move(MaskPath(1), jpeg);

        FileSegmentationDataset ds = FolderDataset.Open(_dir, new DatasetOptions { MaskEncoding = MaskEncoding.ClassIndices });
        LoadFails(ds, 1, jpeg, "lossy");
    }

    [Test]
    public void TruncatedJpegNamesTheFile()
    {
        string truncated = TestData.Installed(TestData.SkimageData + "truncated.jpg");
        string jpeg = Path.Combine(_dir, "images", "case_0001.jpg");
        File.Delete(ImagePath(1));
        File.Copy(truncated, jpeg);

        LoadFails(FolderDataset.Open(_dir), 1, jpeg, "JPEG");
    }
}
