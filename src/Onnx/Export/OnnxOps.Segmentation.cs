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
    /// CoLab's merge of context channels (<see cref="ContextMergeRule"/>) on probabilities [N, C + K, ...]: background's
    /// score becomes the sum (<see cref="ContextMergeRule.MergeThenArgMax"/>: ReduceSum + Add) or the largest
    /// (<see cref="ContextMergeRule.ArgMaxThenMap"/>: ReduceMax + Max) of channel 0 and the context channels C..C+K−1,
    /// giving [N, C, ...] (Slice + Concat). <paramref name="outputName"/> optionally names the result.
    /// </summary>
    public static string MergeContextProbabilities(OnnxGraphBuilder builder, string probabilities, long classCount, long contextCount,
        ContextMergeRule rule, string? outputName = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(contextCount, 1);
        string background = SliceChannels(builder, probabilities, 0, 1);
        string context = SliceChannels(builder, probabilities, classCount, classCount + contextCount);
        string merged = rule == ContextMergeRule.MergeThenArgMax
            ? builder.AddNode("Add", [background, builder.AddNode("ReduceSum",
                [context, builder.AddInitializer(builder.UniqueName("merge_axes"), [1L], 1)], OnnxAttribute.Int("keepdims", 1))])
            : builder.AddNode("Max", [background, builder.AddNode("ReduceMax", [context], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 1))]);
        string[] parts = classCount == 1 ? [merged] : [merged, SliceChannels(builder, probabilities, 1, classCount)];
        string op = parts.Length == 1 ? "Identity" : "Concat";
        OnnxAttribute[] attributes = parts.Length == 1 ? [] : [OnnxAttribute.Int("axis", 1)];
        if (outputName is null) return builder.AddNode(op, parts, attributes);
        builder.AddNodeWithOutputs(op, parts, [outputName], attributes);
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
