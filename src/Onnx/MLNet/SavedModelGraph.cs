using Google.Protobuf;
using MLSegmentation.Transforms;
using Proto = global::Onnx;

namespace MLSegmentation.Onnx;

/// <summary>
/// The ONNX graph a <see cref="SegmentationTransformer"/> saves into an ML.NET model: the model's own graph with the
/// input normalisation in front (ML.NET's <c>ExtractPixels</c> gives raw 0–255 values) and, behind it, the transformer's
/// output columns at the fixed training size that <c>ApplyOnnxModel</c> needs: the mask (argmax, <see cref="uint"/>), its
/// size (<see cref="int"/> [H, W]) and, when asked, the probabilities. So the saved model is stock ML.NET steps only.
/// Every node and constant added is named with <see cref="Prefix"/> and the model's image input is kept in the metadata,
/// so <see cref="Unwrap"/> gives the model back for batched scoring at any size.
/// </summary>
internal static class SavedModelGraph
{
    /// <summary>The input of the saved graph: the resized image's pixels, [1, C, H, W] planar floats.</summary>
    public const string PixelsInput = "mlseg.Pixels";

    /// <summary>The metadata key holding the model's own image input (a serialised <c>ValueInfoProto</c>, base64).</summary>
    public const string ImageInputKey = "mlseg.mlnet.image_input";

    private const string Prefix = "mlseg.mlnet/";

    /// <summary>The saved graph of <paramref name="onnx"/>, whose contract is <paramref name="model"/>, with the output columns of <paramref name="options"/>.</summary>
    /// <exception cref="NotSupportedException">The model is a volume model, or has no training size.</exception>
    /// <exception cref="ArgumentException">An output column has the name of one of the model's own values.</exception>
    public static byte[] Wrap(byte[] onnx, SegmentationModelInfo model, SegmentationTransformerOptions options)
    {
        if (model.SpatialDims != 2)
            throw new NotSupportedException($"'{model.ModelPath}' is a volume model; ML.NET images are 2D: save it with SaveAsOnnx");
        if (model.TrainingSize is null)
            throw new NotSupportedException($"'{model.ModelPath}' has no training size, which ML.NET's fixed-size ONNX scoring needs: give OnnxSegmenterOptions.TrainingSize");
        var proto = Proto.ModelProto.Parser.ParseFrom(onnx);
        var graph = proto.Graph;
        string[] outputs = options.OutputScore
            ? [options.PredictedLabelColumnName, options.SizeColumnName, options.ScoreColumnName]
            : [options.PredictedLabelColumnName, options.SizeColumnName];
        var taken = graph.Node.SelectMany(n => n.Output).Concat(graph.Input.Select(i => i.Name)).Concat(graph.Initializer.Select(i => i.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (string name in outputs.Where(taken.Contains))
            throw new ArgumentException($"the output column '{name}' has the name of a value of the model '{model.ModelPath}': choose another column name", nameof(options));

        Proto.ValueInfoProto image = graph.Input.Single(i => i.Name == model.InputName);
        graph.Input.Remove(image);
        proto.MetadataProps.Add(new Proto.StringStringEntryProto { Key = ImageInputKey, Value = Convert.ToBase64String(image.ToByteArray()) });

        int h = model.TrainingSize[0], w = model.TrainingSize[1], c = model.Channels, k = model.ClassCount;
        graph.Input.Insert(0, OnnxGraphBuilder.ValueInfo(PixelsInput, TensorElementType.Float, [1, c, h, w]));
        var preamble = new List<Proto.NodeProto>();
        Normalization(preamble, graph, model, PixelsInput, model.InputName, Opset(proto));
        for (var i = preamble.Count - 1; i >= 0; i--) graph.Node.Insert(0, preamble[i]);

        graph.Node.Add(Node("ArgMax", [model.ProbabilitiesOutput], Prefix + "labels", OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("keepdims", 0)));
        graph.Node.Add(Node("Cast", [Prefix + "labels"], options.PredictedLabelColumnName, OnnxAttribute.Int("to", (long)TensorElementType.UInt32)));
        graph.Output.Add(OnnxGraphBuilder.ValueInfo(options.PredictedLabelColumnName, TensorElementType.UInt32, [1, h, w]));
        string size = Initializer(graph, "size", TensorElementType.Int32, [2], t => t.Int32Data.Add([h, w]));
        graph.Node.Add(Node("Identity", [size], options.SizeColumnName));
        graph.Output.Add(OnnxGraphBuilder.ValueInfo(options.SizeColumnName, TensorElementType.Int32, [2]));
        if (options.OutputScore)
        {
            graph.Node.Add(Node("Identity", [model.ProbabilitiesOutput], options.ScoreColumnName));
            graph.Output.Add(OnnxGraphBuilder.ValueInfo(options.ScoreColumnName, TensorElementType.Float, [1, k, h, w]));
        }
        return proto.ToByteArray();
    }

    /// <summary>The model a <see cref="Wrap"/>ped graph was made from, or null when <paramref name="onnx"/> is not one.</summary>
    public static byte[]? Unwrap(byte[] onnx)
    {
        var proto = Proto.ModelProto.Parser.ParseFrom(onnx);
        Proto.StringStringEntryProto? key = proto.MetadataProps.FirstOrDefault(p => p.Key == ImageInputKey);
        if (key is null) return null;
        proto.MetadataProps.Remove(key);
        var graph = proto.Graph;
        bool Added(string name) => name.StartsWith(Prefix, StringComparison.Ordinal);
        var added = graph.Node.Where(n => Added(n.Name)).ToList();
        var addedValues = added.SelectMany(n => n.Output).ToHashSet(StringComparer.Ordinal);
        foreach (var node in added) graph.Node.Remove(node);
        foreach (var tensor in graph.Initializer.Where(t => Added(t.Name)).ToList()) graph.Initializer.Remove(tensor);
        foreach (var output in graph.Output.Where(o => addedValues.Contains(o.Name)).ToList()) graph.Output.Remove(output);
        graph.Input.Remove(graph.Input.Single(i => i.Name == PixelsInput));
        graph.Input.Insert(0, Proto.ValueInfoProto.Parser.ParseFrom(Convert.FromBase64String(key.Value)));
        return proto.ToByteArray();
    }

    /// <summary>
    /// Nodes from the raw pixels to the model's input, as <see cref="InputNormalization.Apply"/> computes it: statistics
    /// and the affine map in double precision, rounded to float once.
    /// </summary>
    private static void Normalization(List<Proto.NodeProto> nodes, Proto.GraphProto graph, SegmentationModelInfo model, string pixels, string input, long opset)
    {
        InputNormalization normalization = model.Normalization;
        int c = model.Channels;
        string Name(string what) => Prefix + what;
        string Constant(string what, double[] values, params long[] dims) =>
            Initializer(graph, what, TensorElementType.Double, dims, t => t.DoubleData.Add(values));
        void Add(string op, string[] inputs, string output, params OnnxAttribute[] attributes) => nodes.Add(Node(op, inputs, output, attributes));

        if (normalization.Kind == NormalizationKind.None)
        {
            Add("Identity", [pixels], input);
            return;
        }
        Add("Cast", [pixels], Name("x"), OnnxAttribute.Int("to", (long)TensorElementType.Double));
        string offset, scale;
        switch (normalization.Kind)
        {
            case NormalizationKind.Scale:
                offset = Constant("offset", [0], 1);
                scale = Constant("scale", [normalization.Factor], 1);
                break;
            case NormalizationKind.Fixed when normalization.Mean.Count != c:
                throw new NotSupportedException($"'{model.ModelPath}': the fixed normalisation has {normalization.Mean.Count} channel(s), the model {c}");
            case NormalizationKind.Fixed:
                offset = Constant("mean", [.. normalization.Mean.Select(m => (double)m)], 1, c, 1, 1);
                scale = Constant("inverse_std", [.. normalization.Std.Select(s => 1.0 / s)], 1, c, 1, 1);
                break;
            default:
                Mean(Name("x"), Name("mean"));
                Add("Sub", [Name("x"), Name("mean")], Name("centred"));
                Add("Mul", [Name("centred"), Name("centred")], Name("squares"));
                Mean(Name("squares"), Name("variance"));
                Add("Sqrt", [Name("variance")], Name("std_raw"));
                Add("Max", [Name("std_raw"), Constant("std_floor", [1e-8], 1)], Name("std"));
                Add("Reciprocal", [Name("std")], Name("inverse_std"));
                offset = Name("mean");
                scale = Name("inverse_std");
                break;
        }
        Add("Sub", [Name("x"), offset], Name("shifted"));
        Add("Mul", [Name("shifted"), scale], Name("scaled"));
        Add("Cast", [Name("scaled")], input, OnnxAttribute.Int("to", (long)TensorElementType.Float));

        // Per image and channel: over H and W. ReduceMean takes its axes as an attribute before opset 18, as an input from it.
        void Mean(string x, string output)
        {
            if (opset < 18)
            {
                nodes.Add(Node("ReduceMean", [x], output, OnnxAttribute.Ints("axes", 2, 3), OnnxAttribute.Int("keepdims", 1)));
                return;
            }
            string axes = graph.Initializer.Any(t => t.Name == Name("axes")) ? Name("axes")
                : Initializer(graph, "axes", TensorElementType.Int64, [2], t => t.Int64Data.Add([2, 3]));
            nodes.Add(Node("ReduceMean", [x, axes], output, OnnxAttribute.Int("keepdims", 1)));
        }
    }

    private static long Opset(Proto.ModelProto proto) =>
        proto.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx")?.Version ?? OnnxGraphBuilder.OpsetVersion;

    /// <summary>Adds a constant named <see cref="Prefix"/> + <paramref name="what"/>; returns its name.</summary>
    private static string Initializer(Proto.GraphProto graph, string what, TensorElementType type, long[] dims, Action<Proto.TensorProto> fill)
    {
        var tensor = new Proto.TensorProto { Name = Prefix + what, DataType = (int)type };
        tensor.Dims.Add(dims);
        fill(tensor);
        graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    private static Proto.NodeProto Node(string op, string[] inputs, string output, params OnnxAttribute[] attributes)
    {
        var node = new Proto.NodeProto { OpType = op, Name = Prefix + op + "/" + output };
        node.Input.Add(inputs);
        node.Output.Add(output);
        node.Attribute.Add(attributes.Select(a => a.ToProto()));
        return node;
    }
}
