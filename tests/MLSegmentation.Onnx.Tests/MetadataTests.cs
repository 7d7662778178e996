// CA1861: the literal arrays are expected values of one-shot test assertions, not hot-path arguments.
#pragma warning disable CA1861

namespace MLSegmentation.Onnx.Tests;

public class MetadataTests
{
    [Test]
    public void PyTorchExportHasNamesTypesAndSymbolicDimensions()
    {
        using var session = new InferenceSession(TestModels.Conv);
        Assert.That(session.InputNames, Is.EqualTo(new[] { "image" }));
        Assert.That(session.OutputNames, Is.EqualTo(new[] { "probabilities", "labels" }));

        var image = session.InputMetadata["image"];
        Assert.That(image.IsTensor, Is.True);
        Assert.That(image.ElementDataType, Is.EqualTo(Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float));
        Assert.That(image.Dimensions, Is.EqualTo(new[] { -1, 3, -1, -1 }));
        Assert.That(image.SymbolicDimensions, Is.EqualTo(new[] { "batch", "", "height", "width" }));

        var probabilities = session.OutputMetadata["probabilities"];
        Assert.That(probabilities.ElementDataType, Is.EqualTo(Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float));
        Assert.That(probabilities.Dimensions, Is.EqualTo(new[] { -1, 2, -1, -1 }));
        Assert.That(probabilities.SymbolicDimensions[0], Is.EqualTo("batch"));

        var labels = session.OutputMetadata["labels"];
        Assert.That(labels.ElementDataType, Is.EqualTo(Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int64));
        Assert.That(labels.Dimensions, Has.Length.EqualTo(4));
        Assert.That(labels.Dimensions[1], Is.EqualTo(1));

        Assert.That(session.ModelMetadata.ProducerName, Is.EqualTo("pytorch"));
        Assert.That(session.ModelMetadata.CustomMetadataMap, Is.Empty);
    }

    [Test]
    public void ModelMetadataWrittenByOnnxIsRead()
    {
        using var session = new InferenceSession(TestModels.Meta);
        var m = session.ModelMetadata;
        Assert.That(m.ProducerName, Is.EqualTo("mlseg-tests"));
        Assert.That(m.GraphName, Is.EqualTo("segmenter_graph"));
        Assert.That(m.GraphDescription, Is.EqualTo("graph doc"));
        Assert.That(m.Domain, Is.EqualTo("ai.mlsegmentation.test"));
        Assert.That(m.Description, Is.EqualTo("Conv segmenter for metadata tests"));
        Assert.That(m.Version, Is.EqualTo(42));
        Assert.That(m.CustomMetadataMap, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["class_names"] = "background,foreground",
            ["mean"] = "0.485,0.456,0.406",
            ["unicode"] = "Zürich ✓",
        }));
    }

    [Test]
    public void UnnamedDynamicDimensionsAndElementTypes()
    {
        using var session = new InferenceSession(TestModels.Types);
        var expected = new Dictionary<string, Microsoft.ML.OnnxRuntime.Tensors.TensorElementType>
        {
            ["float"] = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float,
            ["double"] = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Double,
            ["int64"] = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int64,
            ["int32"] = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int32,
            ["uint8"] = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.UInt8,
            ["bool"] = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Bool,
        };
        Assert.That(session.InputNames, Is.EqualTo(expected.Keys.Select(k => "x_" + k).ToArray()));
        foreach (var (name, type) in expected)
        {
            var input = session.InputMetadata["x_" + name];
            Assert.That(input.ElementDataType, Is.EqualTo(type), name);
            Assert.That(input.Dimensions, Is.EqualTo(new[] { -1, 3 }), name);
            Assert.That(input.SymbolicDimensions, Is.EqualTo(new[] { "", "" }), name);
            Assert.That(session.OutputMetadata["y_" + name].ElementDataType, Is.EqualTo(type), name);
        }
        Assert.That(session.ModelMetadata.ProducerName, Is.EqualTo("onnx-helper"));
    }

    [Test]
    public void SessionFromBytesHasTheSameMetadata()
    {
        using var session = new InferenceSession(File.ReadAllBytes(TestModels.Meta));
        Assert.That(session.InputMetadata["image"].SymbolicDimensions, Is.EqualTo(new[] { "batch", "", "height", "width" }));
        Assert.That(session.ModelMetadata.CustomMetadataMap["class_names"], Is.EqualTo("background,foreground"));
    }
}
