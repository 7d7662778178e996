using MLSegmentation.Transforms;

namespace MLSegmentation.Onnx.Tests;

/// <summary>The resize policy is part of the model's contract (mlseg.resize): scorers follow it unless told otherwise.</summary>
public class DeclaredResizeTests
{
    private static string Export(ResizePolicy? resize)
    {
        string path = ExportTestKit.NewPath("declared-resize");
        var metadata = new OnnxModelMetadata { ClassNames = ["background", "a"], TrainingSize = [6, 5], Resize = resize };
        SegmenterOnnxExporter.Export(path, new SegmenterExportOptions { InputChannels = 2, SpatialDims = 2, Metadata = metadata }, (b, x) => OnnxOps.Relu(b, x));
        return path;
    }

    [TestCase(ResizePolicy.ToTrainingSize, "to_training_size")]
    [TestCase(ResizePolicy.SlidingWindow, "sliding_window")]
    [TestCase(ResizePolicy.None, "none")]
    public void TheDeclaredPolicyIsWrittenReadBackAndUsedByDefault(ResizePolicy policy, string text)
    {
        string path = Export(policy);
        using (var session = new InferenceSession(path))
            Assert.That(session.ModelMetadata.CustomMetadataMap[SegmentationMetadataKeys.Resize], Is.EqualTo(text));
        using var segmenter = new OnnxSegmenter(path);
        Assert.That(segmenter.Model.Resize, Is.EqualTo(policy));
        using var overridden = new OnnxSegmenter(path, new OnnxSegmenterOptions { Resize = ResizePolicy.None });
        Assert.That(overridden.Model.Resize, Is.EqualTo(ResizePolicy.None));
    }

    [Test]
    public void AModelThatDeclaresNothingRunsAtEachInputsSize()
    {
        using var segmenter = new OnnxSegmenter(Export(null));
        Assert.That(segmenter.Model.Resize, Is.EqualTo(ResizePolicy.None));
    }

    [Test]
    public void ToTrainingSizeScoresAnotherSizeAndGivesTheMaskAtTheInputsSize()
    {
        using var segmenter = new OnnxSegmenter(Export(ResizePolicy.ToTrainingSize));
        var random = new Random(3);
        var image = new Image(2, [9, 7], [.. Enumerable.Range(0, 2 * 63).Select(_ => (float)random.NextDouble())]);
        SegmentationResult result = segmenter.Score(image);
        Assert.That(result.Labels.Size, Is.EqualTo(new[] { 9, 7 }));
    }

    [Test]
    public void AMalformedPolicyIsAFormatErrorNamingTheKey()
    {
        var properties = new OnnxModelMetadata { ClassNames = ["a"], TrainingSize = [4, 4] }.ToProperties().ToDictionary();
        properties[SegmentationMetadataKeys.Resize] = "bicubic";
        var e = Assert.Throws<FormatException>(() => OnnxModelMetadata.FromProperties(properties))!;
        Assert.That(e.Message, Does.Contain(SegmentationMetadataKeys.Resize).And.Contain("bicubic"));
        Assert.Throws<InvalidOperationException>(() => new OnnxModelMetadata { ClassNames = ["a"], Resize = ResizePolicy.ToTrainingSize }.ToProperties());
    }
}
