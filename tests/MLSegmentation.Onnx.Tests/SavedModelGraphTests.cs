using Microsoft.ML.OnnxRuntime.Tensors;

namespace MLSegmentation.Onnx.Tests;

/// <summary>The graph saved into ML.NET models: normalisation in front, labels behind, fixed size, and the way back.</summary>
public class SavedModelGraphTests
{
    private const int H = 6, W = 5;

    private static (string Path, SegmentationModelInfo Model) Export(int channels, string normalization)
    {
        string path = ExportTestKit.NewPath("saved-graph");
        var options = new SegmenterExportOptions
        {
            InputChannels = channels,
            SpatialDims = 2,
            Metadata = new OnnxModelMetadata { ClassNames = [.. Enumerable.Range(0, channels).Select(c => $"c{c}")], Normalization = normalization, TrainingSize = [H, W] },
        };
        SegmenterOnnxExporter.Export(path, options, (b, x) => OnnxOps.Relu(b, x));
        using var segmenter = new OnnxSegmenter(path);
        return (path, segmenter.Model);
    }

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (int c in new[] { 1, 3 })
        {
            yield return new TestCaseData(c, """{"kind":"zscore"}""");
            yield return new TestCaseData(c, """{"kind":"scale","factor":0.00392156862745098}""");
            yield return new TestCaseData(c, """{"kind":"none"}""");
            yield return new TestCaseData(c, OnnxModelMetadata.FixedNormalization([.. Enumerable.Range(0, c).Select(i => 100.0 + i)], [.. Enumerable.Range(0, c).Select(i => 50.0 + i)]));
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void TheSavedGraphNormalisesRawPixelsAsTheScorerDoesAndPassesTheChecker(int channels, string normalization)
    {
        var (path, model) = Export(channels, normalization);
        string wrapped = ExportTestKit.NewPath("wrapped");
        File.WriteAllBytes(wrapped, SavedModelGraph.Wrap(File.ReadAllBytes(path), model, new SegmentationTransformerOptions { OutputScore = true }));
        ExportTestKit.AssertValid(wrapped);

        var random = new Random(channels * 7 + normalization.Length);
        float[] raw = [.. Enumerable.Range(0, channels * H * W).Select(_ => (float)random.Next(256))];
        var normalised = new float[raw.Length];
        model.Normalization.Apply(raw, normalised, channels);
        int[] shape = [1, channels, H, W];

        using var original = new InferenceSession(path);
        using var expected = original.Run([NamedOnnxValue.CreateFromTensor(model.InputName, new DenseTensor<float>(normalised, shape))]);
        using var saved = new InferenceSession(wrapped);
        Assert.That(saved.InputNames, Is.EqualTo(new[] { SavedModelGraph.PixelsInput }));
        Assert.That(saved.InputMetadata[SavedModelGraph.PixelsInput].Dimensions, Is.EqualTo(shape));
        using var actual = saved.Run([NamedOnnxValue.CreateFromTensor(SavedModelGraph.PixelsInput, new DenseTensor<float>(raw, shape))]);

        float[] want = [.. expected.Single(v => v.Name == model.ProbabilitiesOutput).AsEnumerable<float>()];
        float[] got = [.. actual.Single(v => v.Name == "Score").AsEnumerable<float>()];
        Assert.That(got, Is.EqualTo(want).Within(1e-6f));
        uint[] labels = [.. actual.Single(v => v.Name == "PredictedLabel").AsEnumerable<uint>()];
        uint[] argmax = [.. Enumerable.Range(0, H * W).Select(p => (uint)Enumerable.Range(0, channels).MaxBy(k => want[k * H * W + p]))];
        Assert.That(labels, Is.EqualTo(argmax));
        Assert.That(actual.Single(v => v.Name == "Size").AsEnumerable<int>(), Is.EqualTo(new[] { H, W }));
        Assert.That(saved.OutputMetadata["PredictedLabel"].Dimensions, Is.EqualTo(new[] { 1, H, W }));
    }

    [Test]
    public void UnwrapGivesTheModelBackByteForByteAndIgnoresOtherModels()
    {
        var (path, model) = Export(3, """{"kind":"zscore"}""");
        byte[] bytes = File.ReadAllBytes(path);
        Assert.That(SavedModelGraph.Unwrap(SavedModelGraph.Wrap(bytes, model, new SegmentationTransformerOptions { OutputScore = true })), Is.EqualTo(bytes));
        Assert.That(SavedModelGraph.Unwrap(SavedModelGraph.Wrap(bytes, model, new SegmentationTransformerOptions { PredictedLabelColumnName = "Mask" })), Is.EqualTo(bytes));
        Assert.That(SavedModelGraph.Unwrap(bytes), Is.Null);
    }

    [Test]
    public void AModelWithoutATrainingSizeCannotBeSavedAndTheMessageSaysWhatToGive()
    {
        string path = ExportTestKit.NewPath("no-size");
        SegmenterOnnxExporter.Export(path, new SegmenterExportOptions { InputChannels = 1, SpatialDims = 2, Metadata = new OnnxModelMetadata { ClassNames = ["a"] } }, (b, x) => OnnxOps.Relu(b, x));
        using var segmenter = new OnnxSegmenter(path);
        var e = Assert.Throws<NotSupportedException>(() => SavedModelGraph.Wrap(File.ReadAllBytes(path), segmenter.Model, new SegmentationTransformerOptions()))!;
        Assert.That(e.Message, Does.Contain("training size").And.Contain(nameof(OnnxSegmenterOptions.TrainingSize)));
    }

    [Test]
    public void AnOutputColumnNamedAfterAValueOfTheModelIsRefused()
    {
        var (path, model) = Export(1, """{"kind":"none"}""");
        var e = Assert.Throws<ArgumentException>(() => SavedModelGraph.Wrap(File.ReadAllBytes(path), model, new SegmentationTransformerOptions { SizeColumnName = "probabilities" }))!;
        Assert.That(e.Message, Does.Contain("'probabilities'"));
    }
}
