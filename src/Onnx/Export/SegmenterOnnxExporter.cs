namespace MLSegmentation.Onnx;

/// <summary>
/// Exports a segmentation network to the model contract every MLSegmentation model follows: input <c>image</c> float32
/// [N, C, H, W] (or [N, C, D, H, W]) with symbolic batch and spatial dimensions; outputs <c>probabilities</c> float32
/// [N, K, ...] (softmax over classes) and <c>labels</c> int64 [N, ...] (argmax); CoLab context channels merged into
/// background inside the graph; one-logit (binary) networks expanded to two classes; batch normalisation folded into convolutions; metadata as
/// <see cref="OnnxModelMetadata"/>. Opset 17.
/// </summary>
public static partial class SegmenterOnnxExporter
{
    /// <summary>The input's name.</summary>
    public const string ImageName = "image";

    /// <summary>The probabilities output's name.</summary>
    public const string ProbabilitiesName = "probabilities";

    /// <summary>The labels output's name.</summary>
    public const string LabelsName = "labels";

    /// <summary>
    /// The graph of a network given as an exporter function: <paramref name="network"/> adds the nodes computing the
    /// logits [N, C + K, ...] (or [N, 1, ...] with <see cref="SegmenterExportOptions.BinaryLogit"/>) from the image value it receives and returns their name (e.g. through
    /// <see cref="OnnxOps"/>). Save the result with <see cref="OnnxGraphBuilder.Save"/>.
    /// </summary>
    public static OnnxGraphBuilder Build(SegmenterExportOptions options, Func<OnnxGraphBuilder, string, string> network)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(network);
        options.Check();
        var builder = new OnnxGraphBuilder("mlseg_segmenter");
        OnnxDimension[] spatial = options.SpatialDims == 2 ? ["H", "W"] : ["D", "H", "W"];
        string image = builder.AddInput(ImageName, TensorElementType.Float, [(OnnxDimension)"N", options.InputChannels, .. spatial]);
        string logits = network(builder, image);
        if (options.BinaryLogit) logits = OnnxOps.ExpandBinaryLogit(builder, logits);
        AddHead(builder, logits, options);
        builder.AddOutput(ProbabilitiesName, TensorElementType.Float, [(OnnxDimension)"N", options.ClassCount, .. spatial]);
        builder.AddOutput(LabelsName, TensorElementType.Int64, [(OnnxDimension)"N", .. spatial]);
        foreach ((string key, string value) in options.Metadata.ToProperties()) builder.SetMetadata(key, value);
        builder.DocString = $"MLSegmentation segmenter: {options.ClassCount} classes" +
            (options.ContextChannels > 0 ? $", {options.ContextChannels} CoLab context channels merged into background ({options.ContextMergeRule})" : "");
        return builder;
    }

    /// <summary>Exports a network given as an exporter function (see <see cref="Build(SegmenterExportOptions, Func{OnnxGraphBuilder, string, string})"/>) to <paramref name="path"/>.</summary>
    public static void Export(string path, SegmenterExportOptions options, Func<OnnxGraphBuilder, string, string> network) =>
        Build(options, network).Save(path);

    private static void AddHead(OnnxGraphBuilder builder, string logits, SegmenterExportOptions options)
    {
        if (options.ContextChannels == 0)
        {
            builder.AddNodeWithOutputs("Softmax", [logits], [ProbabilitiesName], OnnxAttribute.Int("axis", 1));
            OnnxOps.ArgMax(builder, ProbabilitiesName, 1, LabelsName);
            return;
        }
        OnnxOps.MergeContextProbabilities(builder, OnnxOps.Softmax(builder, logits), options.ClassCount, options.ContextChannels, options.ContextMergeRule, ProbabilitiesName);
        OnnxOps.ArgMax(builder, ProbabilitiesName, 1, LabelsName);
    }
}
