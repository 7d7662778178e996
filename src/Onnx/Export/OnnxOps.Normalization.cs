namespace MLSegmentation.Onnx;

public static partial class OnnxOps
{
    /// <summary>An evaluation-mode batch normalisation on its own: ONNX <c>BatchNormalization</c> (inference mode).</summary>
    public static string BatchNorm(OnnxGraphBuilder builder, string input, BatchNormParameters batchNorm)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(batchNorm);
        float[] mean = batchNorm.RunningMean;
        float[] var = batchNorm.RunningVar;
        int channels = mean.Length;
        float[] gamma = batchNorm.Weight ?? Fill(channels, 1f);
        float[] beta = batchNorm.Bias ?? Fill(channels, 0f);
        return builder.AddNode("BatchNormalization",
            [
                input,
                builder.AddInitializer(builder.UniqueName("bn_scale"), gamma, channels),
                builder.AddInitializer(builder.UniqueName("bn_bias"), beta, channels),
                builder.AddInitializer(builder.UniqueName("bn_mean"), mean, channels),
                builder.AddInitializer(builder.UniqueName("bn_var"), var, channels),
            ],
            OnnxAttribute.Float("epsilon", (float)batchNorm.Eps));
    }

    /// <summary>
    /// Instance normalisation with the input's own statistics (<c>torch.nn.functional.instance_norm</c>):
    /// ONNX <c>InstanceNormalization</c>; a null weight or bias means 1 or 0.
    /// </summary>
    public static string InstanceNorm(OnnxGraphBuilder builder, string input, long channels, float[]? weight = null, float[]? bias = null, double eps = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        float[] gamma = weight ?? Fill(channels, 1f);
        float[] beta = bias ?? Fill(channels, 0f);
        if (gamma.Length != channels || beta.Length != channels)
            throw new ArgumentException($"InstanceNorm: {channels} channels, but {gamma.Length} weights and {beta.Length} biases");
        return builder.AddNode("InstanceNormalization",
            [
                input,
                builder.AddInitializer(builder.UniqueName("in_scale"), gamma, channels),
                builder.AddInitializer(builder.UniqueName("in_bias"), beta, channels),
            ],
            OnnxAttribute.Float("epsilon", (float)eps));
    }

    /// <summary>
    /// Group normalisation (<c>torch.nn.functional.group_norm</c>). Opset 17 has no <c>GroupNormalization</c>
    /// (it came in opset 18, and was later redefined), so it is written as Reshape to [N, groups, −1] →
    /// <c>InstanceNormalization</c> (unit scale) → Reshape back to the input's shape → per-channel Mul and Add.
    /// </summary>
    public static string GroupNorm(OnnxGraphBuilder builder, string input, long groups, long channels, int spatialDims,
        float[]? weight = null, float[]? bias = null, double eps = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        CheckSpatial(spatialDims);
        if (channels % groups != 0) throw new ArgumentException($"GroupNorm: {channels} channels are not divisible into {groups} groups");
        string grouped = builder.AddNode("Reshape", [input, builder.AddInitializer(builder.UniqueName("gn_grouped_shape"), [0L, groups, -1L], 3)]);
        string normalized = builder.AddNode("InstanceNormalization",
            [
                grouped,
                builder.AddInitializer(builder.UniqueName("gn_unit_scale"), Fill(groups, 1f), groups),
                builder.AddInitializer(builder.UniqueName("gn_zero_bias"), Fill(groups, 0f), groups),
            ],
            OnnxAttribute.Float("epsilon", (float)eps));
        string inputShape = builder.AddNode("Shape", [input]);
        string result = builder.AddNode("Reshape", [normalized, inputShape]);
        var channelShape = new long[1 + spatialDims];
        Array.Fill(channelShape, 1L);
        channelShape[0] = channels;
        if (weight is not null)
        {
            float[] gamma = weight;
            if (gamma.Length != channels) throw new ArgumentException($"GroupNorm: {channels} channels but {gamma.Length} weights");
            result = builder.AddNode("Mul", [result, builder.AddInitializer(builder.UniqueName("gn_weight"), gamma, channelShape)]);
        }
        if (bias is not null)
        {
            float[] beta = bias;
            if (beta.Length != channels) throw new ArgumentException($"GroupNorm: {channels} channels but {beta.Length} biases");
            result = builder.AddNode("Add", [result, builder.AddInitializer(builder.UniqueName("gn_bias"), beta, channelShape)]);
        }
        return result;
    }

    private static float[] Fill(long count, float value)
    {
        var values = new float[count];
        Array.Fill(values, value);
        return values;
    }
}
