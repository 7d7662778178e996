namespace MLSegmentation.Onnx;

public static partial class OnnxOps
{
    /// <summary>
    /// Max pooling (<c>torch.nn.functional.max_pool</c>): ONNX <c>MaxPool</c>, the same window on every
    /// spatial dimension, stride defaulting to the kernel size, floor rounding.
    /// </summary>
    public static string MaxPool(OnnxGraphBuilder builder, string input, int spatialDims, long kernelSize, long? stride = null, long padding = 0)
    {
        ArgumentNullException.ThrowIfNull(builder);
        CheckSpatial(spatialDims);
        return builder.AddNode("MaxPool", [input], PoolAttributes(spatialDims, kernelSize, stride, padding));
    }

    /// <summary>
    /// Average pooling (<c>torch.nn.functional.avg_pool</c>): ONNX <c>AveragePool</c>, padding counted
    /// in the average as PyTorch's default (<c>count_include_pad</c>).
    /// </summary>
    public static string AvgPool(OnnxGraphBuilder builder, string input, int spatialDims, long kernelSize, long? stride = null, long padding = 0)
    {
        ArgumentNullException.ThrowIfNull(builder);
        CheckSpatial(spatialDims);
        OnnxAttribute[] attributes = [.. PoolAttributes(spatialDims, kernelSize, stride, padding), OnnxAttribute.Int("count_include_pad", 1)];
        return builder.AddNode("AveragePool", [input], attributes);
    }

    /// <summary>Max pooling with per-dimension window, stride and (symmetric) padding, optionally rounding the output size up.</summary>
    public static string MaxPool(OnnxGraphBuilder builder, string input, long[] kernelSize, long[]? stride = null, long[]? padding = null, bool ceilMode = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddNode("MaxPool", [input], PoolAttributes(kernelSize, stride, padding, ceilMode));
    }

    /// <summary>Average pooling with per-dimension window, stride and padding; <paramref name="countIncludePad"/> as PyTorch's.</summary>
    public static string AvgPool(OnnxGraphBuilder builder, string input, long[] kernelSize, long[]? stride = null, long[]? padding = null,
        bool ceilMode = false, bool countIncludePad = true)
    {
        ArgumentNullException.ThrowIfNull(builder);
        OnnxAttribute[] attributes = [.. PoolAttributes(kernelSize, stride, padding, ceilMode), OnnxAttribute.Int("count_include_pad", countIncludePad ? 1 : 0)];
        return builder.AddNode("AveragePool", [input], attributes);
    }

    private static OnnxAttribute[] PoolAttributes(long[] kernelSize, long[]? stride, long[]? padding, bool ceilMode)
    {
        ArgumentNullException.ThrowIfNull(kernelSize);
        CheckSpatial(kernelSize.Length);
        long[] s = stride ?? kernelSize;
        long[] p = padding ?? new long[kernelSize.Length];
        CheckPerDimension(kernelSize.Length, s, p);
        return
        [
            OnnxAttribute.Ints("kernel_shape", kernelSize),
            OnnxAttribute.Ints("strides", s),
            OnnxAttribute.Ints("pads", [.. p, .. p]),
            OnnxAttribute.Int("ceil_mode", ceilMode ? 1 : 0),
        ];
    }

    private static OnnxAttribute[] PoolAttributes(int spatialDims, long kernelSize, long? stride, long padding)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(kernelSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        return
        [
            OnnxAttribute.Ints("kernel_shape", Repeat(kernelSize, spatialDims)),
            OnnxAttribute.Ints("strides", Repeat(stride ?? kernelSize, spatialDims)),
            OnnxAttribute.Ints("pads", Repeat(padding, 2 * spatialDims)),
            OnnxAttribute.Int("ceil_mode", 0),
        ];
    }
}
