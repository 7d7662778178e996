namespace MLSegmentation.Onnx;

public static partial class OnnxOps
{
    /// <summary>max(x, 0): ONNX <c>Relu</c>.</summary>
    public static string Relu(OnnxGraphBuilder builder, string input)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddNode("Relu", [input]);
    }

    /// <summary>x for x ≥ 0, slope·x otherwise: ONNX <c>LeakyRelu</c>.</summary>
    public static string LeakyRelu(OnnxGraphBuilder builder, string input, double negativeSlope = 0.01)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddNode("LeakyRelu", [input], OnnxAttribute.Float("alpha", (float)negativeSlope));
    }

    /// <summary>1/(1 + e⁻ˣ): ONNX <c>Sigmoid</c>.</summary>
    public static string Sigmoid(OnnxGraphBuilder builder, string input)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddNode("Sigmoid", [input]);
    }

    /// <summary>Softmax along <paramref name="axis"/> (default: channels): ONNX <c>Softmax</c> (opset 13+ semantics: one axis).</summary>
    public static string Softmax(OnnxGraphBuilder builder, string input, long axis = 1)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddNode("Softmax", [input], OnnxAttribute.Int("axis", axis));
    }

    /// <summary>Concatenation along <paramref name="axis"/> (default: channels): ONNX <c>Concat</c>.</summary>
    public static string Concat(OnnxGraphBuilder builder, IReadOnlyList<string> inputs, long axis = 1)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0) throw new ArgumentException("Concat needs at least one input", nameof(inputs));
        return builder.AddNode("Concat", inputs, OnnxAttribute.Int("axis", axis));
    }

    /// <summary>Element-wise sum (broadcasting): ONNX <c>Add</c>.</summary>
    public static string Add(OnnxGraphBuilder builder, string a, string b)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddNode("Add", [a, b]);
    }
}
