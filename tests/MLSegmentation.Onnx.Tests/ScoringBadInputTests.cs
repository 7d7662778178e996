#pragma warning disable CA1861 // Tests spell their expected arrays inline.
using MLSegmentation.Transforms;

namespace MLSegmentation.Onnx.Tests.Scoring;

public class ScoringBadInputTests
{
    [Test]
    public void MissingModelNamesThePath()
    {
        var path = Path.Combine(ScoringData.Folder, "nowhere.onnx");
        Assert.That(() => new OnnxSegmenter(path), Throws.InstanceOf<FileNotFoundException>().With.Message.Contains(path));
    }

    [TestCase(0.5)]
    [TestCase(0.05)]
    public void TruncatedModelNamesTheFile(double keep)
    {
        var bytes = File.ReadAllBytes(ScoringData.Segmenter);
        var path = Path.Combine(ScoringData.NewFolder("truncated"), "cut.onnx");
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length * keep)]);
        Assert.That(() => new OnnxSegmenter(path), Throws.InstanceOf<OnnxModelException>().With.Message.Contains(path));
    }

    [Test]
    public void NonOnnxFileNamesTheFile()
    {
        var path = Path.Combine(ScoringData.NewFolder("text"), "notes.onnx");
        File.WriteAllText(path, "this is not a model");
        Assert.That(() => new OnnxSegmenter(path), Throws.InstanceOf<OnnxModelException>().With.Message.Contains(path));
    }

    [Test]
    public void ModelWhoseInputIsNotAnImageTensorIsRefusedByName()
    {
        var e = Assert.Throws<SegmentationModelException>(() => new OnnxSegmenter(ScoringData.Rank2))!;
        Assert.That(e.Message, Does.Contain(ScoringData.Rank2).And.Contain("not an image tensor").And.Contain("Float [batch, 4]"));
        Assert.That(e.ModelPath, Is.EqualTo(ScoringData.Rank2));
    }

    [Test]
    public void WrongChannelCountNamesTheFileAndBothCounts()
    {
        var folder = ScoringData.NewFolder("rgb");
        foreach (var f in ScoringData.ImageFiles.Take(3))
        {
            File.Copy(f, Path.Combine(folder, Path.GetFileName(f)));
        }
        var rgb = Path.Combine(folder, "img_001b.png");
        PngFile.WriteImage(rgb, new Image(3, [10, 12]));
        using var segmenter = new OnnxSegmenter(ScoringData.Segmenter);
        var e = Assert.ThrowsAsync<InvalidDataException>(() => segmenter.ScoreFolderAsync(folder, ScoringData.NewFolder("rgb-masks")))!;
        Assert.That(e.Message, Does.Contain(rgb).And.Contain("3 channel(s)").And.Contain("expects 1"));

        var memory = Assert.Throws<InvalidDataException>(() => segmenter.Score(new Image(2, [8, 8])))!;
        Assert.That(memory.Message, Does.Contain("#0").And.Contain("2 channel(s)").And.Contain("expects 1"));
        Assert.That(() => segmenter.Score(new Image(1, [4, 8, 8])), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("3D"));
    }

    [Test]
    public void CorruptPngInTheFolderNamesThatFileAfterScoringTheOnesBefore()
    {
        var folder = ScoringData.NewFolder("corrupt");
        var files = ScoringData.ImageFiles;
        foreach (var f in files.Take(10))
        {
            File.Copy(f, Path.Combine(folder, Path.GetFileName(f)));
        }
        var bad = Path.Combine(folder, "img_004x.png");
        var bytes = File.ReadAllBytes(files[0]);
        File.WriteAllBytes(bad, bytes[..(bytes.Length / 2)]);
        using var segmenter = new OnnxSegmenter(ScoringData.Segmenter, new OnnxSegmenterOptions { BatchSize = 2 });
        var masks = ScoringData.NewFolder("corrupt-masks");
        var seen = new List<string>();
        var e = Assert.Throws<InvalidDataException>(() =>
        {
            foreach (var r in segmenter.ScoreFiles(ImageFilesOf(folder), masks))
            {
                seen.Add(Path.GetFileName(r.Source!));
            }
        })!;
        Assert.That(e.Message, Does.Contain(bad));
        Assert.That(seen, Is.EqualTo(new[] { "img_000.png", "img_001.png", "img_002.png", "img_003.png", "img_004.png" }));
        Assert.That(() => segmenter.ScoreFolder(folder, ScoringData.NewFolder("corrupt-masks2")),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains(bad));
    }

    [Test]
    public void FolderMisuseIsRefused()
    {
        using var segmenter = new OnnxSegmenter(ScoringData.Segmenter);
        Assert.That(() => segmenter.ScoreFolder(ScoringData.Images, ScoringData.Images), Throws.ArgumentException.With.Message.Contains("differ"));
        var clash = ScoringData.NewFolder("clash");
        File.Copy(ScoringData.ImageFiles[0], Path.Combine(clash, "a.png"));
        File.WriteAllBytes(Path.Combine(clash, "a.jpg"), [0xFF, 0xD8]);
        Assert.That(() => segmenter.ScoreFolder(clash, ScoringData.NewFolder("clash-masks")), Throws.ArgumentException.With.Message.Contains("stem"));
        Assert.That(() => segmenter.ScoreFolder(Path.Combine(clash, "missing"), clash), Throws.InstanceOf<DirectoryNotFoundException>());
    }

    [Test]
    public void MalformedMetadataIsRefusedNamingTheModelAndKey()
    {
        var path = Path.Combine(ScoringData.Folder, "bad_meta.onnx");
        var e = Assert.Throws<SegmentationModelException>(() => new OnnxSegmenter(path))!;
        Assert.That(e.Message, Does.Contain(path).And.Contain("mlseg.normalization").And.Contain("wavelet"));
        // Explicit options override the metadata, so the model is still usable.
        using var segmenter = new OnnxSegmenter(path, new OnnxSegmenterOptions { Normalization = InputNormalization.ZScore });
        ScoringData.AssertMatchesPyTorch(segmenter.Score(PngFile.ReadImage(ScoringData.ImageFiles[0])).Labels, "img_000");
    }

    private static string[] ImageFilesOf(string folder) => [.. Directory.GetFiles(folder).Order(StringComparer.Ordinal)];
}
