namespace MLSegmentation.Onnx;

public static partial class OnnxOps
{
    /// <summary>
    /// Index of the largest value along <paramref name="axis"/> (first on ties, as the engine's argmax), int64, the
    /// axis dropped: ONNX <c>ArgMax</c> with <c>keepdims = 0</c>. <paramref name="outputName"/> names the result
    /// (e.g. the graph output <c>"labels"</c>); by default a unique name is made.
    /// </summary>
    public static string ArgMax(OnnxGraphBuilder builder, string input, long axis = 1, string? outputName = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        OnnxAttribute[] attributes = [OnnxAttribute.Int("axis", axis), OnnxAttribute.Int("keepdims", 0), OnnxAttribute.Int("select_last_index", 0)];
        if (outputName is null) return builder.AddNode("ArgMax", [input], attributes);
        builder.AddNodeWithOutputs("ArgMax", [input], [outputName], attributes);
        return outputName;
    }

    /// <summary>
    /// CoLab's merge of context channels (METHODS.md §1) on probabilities [N, C + K, ...]: the probabilities of the
    /// context channels C..C+K−1 are added into background channel 0, giving [N, C, ...] (Slice + ReduceSum + Add +
    /// Concat). <paramref name="outputName"/> optionally names the result.
    /// </summary>
    public static string MergeContextProbabilities(OnnxGraphBuilder builder, string probabilities, long classCount, long contextCount,
        string? outputName = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(contextCount, 1);
        string background = SliceChannels(builder, probabilities, 0, 1);
        string context = SliceChannels(builder, probabilities, classCount, classCount + contextCount);
        string contextSum = builder.AddNode("ReduceSum",
            [context, builder.AddInitializer(builder.UniqueName("merge_axes"), [1L], 1)], OnnxAttribute.Int("keepdims", 1));
        var parts = new List<string>();
        if (classCount == 1 && outputName is not null)
        {
            builder.AddNodeWithOutputs("Add", [background, contextSum], [outputName]);
            return outputName;
        }
        parts.Add(builder.AddNode("Add", [background, contextSum]));
        if (classCount == 1) return parts[0];
        parts.Add(SliceChannels(builder, probabilities, 1, classCount));
        OnnxAttribute axis = OnnxAttribute.Int("axis", 1);
        if (outputName is null) return builder.AddNode("Concat", parts, axis);
        builder.AddNodeWithOutputs("Concat", parts, [outputName], axis);
        return outputName;
    }

    /// <summary>
    /// CoLab's inference labels as METHODS.md §1 states them: argmax over all C + K channels of
    /// <paramref name="probabilities"/>, then every context label (≥ C) mapped to background 0 (ArgMax +
    /// GreaterOrEqual + Where). int64, channel axis dropped.
    /// </summary>
    public static string ContextLabels(OnnxGraphBuilder builder, string probabilities, long classCount, string? outputName = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        string raw = ArgMax(builder, probabilities);
        string isContext = builder.AddNode("GreaterOrEqual", [raw, builder.AddInitializer(builder.UniqueName("class_count"), [classCount])]);
        string[] inputs = [isContext, builder.AddInitializer(builder.UniqueName("background_label"), [0L]), raw];
        if (outputName is null) return builder.AddNode("Where", inputs);
        builder.AddNodeWithOutputs("Where", inputs, [outputName]);
        return outputName;
    }

    /// <summary>
    /// The two-class logits [0, z] of one-channel logits z [N, 1, ...] (binary MaskSup, as the engine's
    /// <c>BinaryLogits.Expand</c>): softmax of them is [1 − σ(z), σ(z)], their argmax 1 exactly where σ(z) &gt; 0.5
    /// (Sub + Concat).
    /// </summary>
    public static string ExpandBinaryLogit(OnnxGraphBuilder builder, string logit)
    {
        ArgumentNullException.ThrowIfNull(builder);
        string zero = builder.AddNode("Sub", [logit, logit]);
        return Concat(builder, [zero, logit]);
    }

    private static string SliceChannels(OnnxGraphBuilder builder, string input, long start, long end) =>
        builder.AddNode("Slice",
            [
                input,
                builder.AddInitializer(builder.UniqueName("channel_start"), [start], 1),
                builder.AddInitializer(builder.UniqueName("channel_end"), [end], 1),
                builder.AddInitializer(builder.UniqueName("channel_axis"), [1L], 1),
            ]);
}
