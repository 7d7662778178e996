// CA1861: literal arrays are expected values of one-shot assertions.
#pragma warning disable CA1861

namespace MLSegmentation.Onnx.Tests;

/// <summary>The exported contract as ONNX Runtime sees it: metadata, names, element types, symbolic dimensions.</summary>
public class ExportMetadataTests
{
    private static OnnxModelMetadata Metadata(int d) => new()
    {
        ClassNames = ["background", "liver", "tumour \"β\""],
        Normalization = OnnxModelMetadata.FixedNormalization([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
        TrainingSize = d == 2 ? [256, 192] : [64, 96, 80],
        Method = "masksup",
    };

    [TestCase(2)]
    [TestCase(3)]
    public void MetadataAndContractRoundTripThroughOnnxRuntime(int d)
    {
        var metadata = Metadata(d);
        var path = ExportTestKit.NewPath("meta");
        var options = new SegmenterExportOptions { InputChannels = 3, SpatialDims = d, Metadata = metadata };
        SegmenterOnnxExporter.Export(path, options, (b, x) => OnnxOps.Relu(b, x));
        ExportTestKit.AssertValid(path);
        using var session = new InferenceSession(path);

        var custom = session.ModelMetadata.CustomMetadataMap;
        Assert.That(custom["mlseg.class_names"], Is.EqualTo("[\"background\",\"liver\",\"tumour \\u0022\\u03B2\\u0022\"]"));
        Assert.That(custom["mlseg.normalization"], Is.EqualTo("{\"kind\":\"fixed\",\"mean\":[0.485,0.456,0.406],\"std\":[0.229,0.224,0.225]}"));
        Assert.That(custom["mlseg.training_size"], Is.EqualTo(d == 2 ? "256,192" : "64,96,80"));
        Assert.That(custom["mlseg.method"], Is.EqualTo("masksup"));
        Assert.That(custom["mlseg.version"], Is.EqualTo(OnnxGraphBuilder.ProducerVersion));
        var back = OnnxModelMetadata.FromProperties(custom);
        Assert.That(back.ClassNames, Is.EqualTo(metadata.ClassNames));
        Assert.That(back.TrainingSize, Is.EqualTo(metadata.TrainingSize));
        Assert.That(back with { ClassNames = metadata.ClassNames, TrainingSize = metadata.TrainingSize }, Is.EqualTo(metadata));
        Assert.That(session.ModelMetadata.ProducerName, Is.EqualTo("MLSegmentation"));

        Assert.That(session.InputNames, Is.EqualTo(new[] { "image" }));
        Assert.That(session.OutputNames, Is.EqualTo(new[] { "probabilities", "labels" }));
        var image = session.InputMetadata["image"];
        var probabilities = session.OutputMetadata["probabilities"];
        var labels = session.OutputMetadata["labels"];
        Assert.That(image.ElementDataType, Is.EqualTo(Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float));
        Assert.That(probabilities.ElementDataType, Is.EqualTo(Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float));
        Assert.That(labels.ElementDataType, Is.EqualTo(Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int64));
        string[] spatial = d == 2 ? ["H", "W"] : ["D", "H", "W"];
        Assert.That(image.SymbolicDimensions, Is.EqualTo(new[] { "N", "" }.Concat(spatial)));
        Assert.That(image.Dimensions[1], Is.EqualTo(3));
        Assert.That(probabilities.SymbolicDimensions, Is.EqualTo(new[] { "N", "" }.Concat(spatial)));
        Assert.That(probabilities.Dimensions[1], Is.EqualTo(3));
        Assert.That(labels.SymbolicDimensions, Is.EqualTo(new[] { "N" }.Concat(spatial)));
    }

    [Test]
    public void MetadataIsCheckedBeforeWriting()
    {
        Assert.Throws<InvalidOperationException>(() => new OnnxModelMetadata { ClassNames = [] }.ToProperties());
        Assert.Throws<FormatException>(() => new OnnxModelMetadata { ClassNames = ["a"], Normalization = "[1]" }.ToProperties());
        Assert.Throws<ArgumentException>(() => OnnxModelMetadata.FixedNormalization([0.5], [0]));
        var options = new SegmenterExportOptions { InputChannels = 1, SpatialDims = 3, Metadata = new OnnxModelMetadata { ClassNames = ["a", "b"], TrainingSize = [64, 64] } };
        Assert.Throws<ArgumentException>(() => SegmenterOnnxExporter.Build(options, (_, x) => x));
        var bad = new Dictionary<string, string> { ["mlseg.class_names"] = "not json" };
        Assert.That(() => OnnxModelMetadata.FromProperties(bad), Throws.InstanceOf<FormatException>().With.Message.Contains("mlseg.class_names"));
    }
}
