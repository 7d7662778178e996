using Microsoft.ML.OnnxRuntime;
using MLSegmentation.Onnx;
using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Segmenters;

namespace MLSegmentation.Trainers.Estimators;

/// <summary>ONNX export of a trained <see cref="SegmentationModel"/>, as <c>model.ExportToOnnx(path)</c>.</summary>
public static class SegmentationModelOnnx
{
    /// <summary>
    /// Writes <paramref name="model"/> as a standard ONNX file (opset 17; input <c>image</c>, outputs
    /// <c>probabilities</c> and <c>labels</c> over the model's classes, context channels merged into
    /// background) with its class names, normalisation, training size and method in the metadata, so that
    /// <see cref="OnnxSegmenter"/> or any ONNX runtime scores it. Written to a temporary file, then renamed.
    /// </summary>
    public static void ExportToOnnx(this SegmentationModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Network.ExportToOnnx(path, ExportOptions(model));
    }

    /// <summary>The ONNX graph of a bare network under <paramref name="options"/> (its weights copied in, evaluation-mode semantics).</summary>
    public static OnnxGraphBuilder ToOnnxGraph(this UNet network, SegmenterExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        if (network.Options.Dimensions != options.SpatialDims)
            throw new ArgumentException($"ONNX export: a {network.Options.Dimensions}D U-Net cannot be exported as a {options.SpatialDims}D segmenter", nameof(options));
        if (network.Options.InputChannels != options.InputChannels)
            throw new ArgumentException($"ONNX export: the U-Net takes {network.Options.InputChannels} input channels, the export options say {options.InputChannels}", nameof(options));
        Dictionary<string, WeightArray> weights = network.Weights();
        return SegmenterOnnxExporter.Build(options, (builder, image) => UNetOnnxExporter.Export(builder, network.Options, weights, image));
    }

    /// <summary>Writes a bare network as an ONNX file (see <see cref="ToOnnxGraph"/>); written to a temporary file, then renamed.</summary>
    public static void ExportToOnnx(this UNet network, string path, SegmenterExportOptions options) => network.ToOnnxGraph(options).Save(path);

    /// <summary>
    /// Scores a random batch with the exported file through ONNX Runtime and with the engine, and returns the largest
    /// absolute difference between their class probabilities (expect ≤ 1e-4).
    /// </summary>
    public static double CompareWithEngine(this SegmentationModel model, string onnxPath, int batch = 2)
    {
        ArgumentNullException.ThrowIfNull(model);
        long side = 1L << Math.Max(model.Network.Options.Depth, 4);
        long[] spatial = model.Preprocessing.Size is { } size ? [.. size.Select(s => (long)s)] : [.. Enumerable.Repeat(side, model.Network.Options.Dimensions)];
        long[] shape = [batch, model.Network.Options.InputChannels, .. spatial];
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(0);
        Tensor input = torch.randn(shape);
        float[] expected = model.Probabilities(input).data<float>().ToArray();
        float[] pixels = input.data<float>().ToArray();
        using var session = new InferenceSession(onnxPath);
        using var value = OrtValue.CreateTensorValueFromMemory(pixels, shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [SegmenterOnnxExporter.ImageName], [value], [SegmenterOnnxExporter.ProbabilitiesName]);
        ReadOnlySpan<float> actual = outputs[0].GetTensorDataAsSpan<float>();
        double worst = 0;
        for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        return worst;
    }

    private static SegmenterExportOptions ExportOptions(SegmentationModel model) => new()
    {
        InputChannels = model.Network.Options.InputChannels,
        SpatialDims = model.Network.Options.Dimensions,
        ContextChannels = model.ContextChannels,
        ContextMergeRule = model.ContextMerge,
        BinaryLogit = model.BinaryLogit,
        Metadata = new OnnxModelMetadata
        {
            ClassNames = model.ClassNames,
            Normalization = model.Preprocessing.ToInputNormalization().ToJson(),
            TrainingSize = model.Preprocessing.Size?.Select(s => (long)s).ToArray() ?? [],
            // Trained on images stretched to one size: scorers resize to it and back. Padded or cropped training declares nothing.
            Resize = model.Preprocessing.Size is not null && model.Preprocessing.ResizeMode == MLSegmentation.Transforms.ResizeMode.Stretch ? ResizePolicy.ToTrainingSize : null,
            Method = model.Method,
        },
    };
}
