namespace MLSegmentation.Onnx;

/// <summary>
/// Folds an evaluation-mode batch normalisation into the convolution before it: with s = γ/√(var + eps),
/// w' = w·s (per output channel) and b' = (b − mean)·s + β.
/// </summary>
internal static class BatchNormFolding
{
    /// <summary>
    /// Folded weight and bias. <paramref name="shape"/> is the kernel's: [out, in/groups, k...] for a convolution,
    /// [in, out/groups, k...] for a transposed one.
    /// </summary>
    public static (float[] Weight, float[] Bias) Fold(float[] weight, long[] shape, float[]? bias, bool transposed, long groups,
        BatchNormParameters batchNorm)
    {
        (double[] scale, double[] shift) = batchNorm.Affine();
        long outChannels = transposed ? shape[1] * groups : shape[0];
        if (scale.Length != outChannels)
            throw new ArgumentException($"batch norm over {scale.Length} channels cannot follow a convolution with {outChannels} output channels");
        if (bias is not null && bias.Length != outChannels)
            throw new ArgumentException($"convolution bias has {bias.Length} values for {outChannels} output channels");
        long kernel = 1;
        for (int i = 2; i < shape.Length; i++) kernel *= shape[i];
        var folded = new float[weight.Length];
        if (!transposed)
        {
            long perOut = weight.Length / shape[0];
            for (long o = 0; o < shape[0]; o++)
            {
                for (long j = 0; j < perOut; j++) folded[o * perOut + j] = (float)(weight[o * perOut + j] * scale[o]);
            }
        }
        else
        {
            long inPerGroup = shape[0] / groups;
            long outPerGroup = shape[1];
            for (long i = 0; i < shape[0]; i++)
            {
                long group = i / inPerGroup;
                for (long j = 0; j < outPerGroup; j++)
                {
                    double s = scale[group * outPerGroup + j];
                    long start = (i * outPerGroup + j) * kernel;
                    for (long k = 0; k < kernel; k++) folded[start + k] = (float)(weight[start + k] * s);
                }
            }
        }
        var foldedBias = new float[outChannels];
        for (int o = 0; o < outChannels; o++) foldedBias[o] = (float)((bias?[o] ?? 0.0) * scale[o] + shift[o]);
        return (folded, foldedBias);
    }
}
