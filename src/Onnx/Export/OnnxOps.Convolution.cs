namespace MLSegmentation.Onnx;

/// <summary>
/// Functional exporters: each adds the ONNX nodes (and initializers) computing one operator in evaluation
/// mode, from the value named <c>input</c>, and returns the name of the result. Weights are copied into the graph. Spatial operators take 2D ([N, C, H, W]) or 3D ([N, C, D, H, W]) input.
/// </summary>
public static partial class OnnxOps
{
    /// <summary>
    /// A convolution (<c>torch.nn.functional.conv2d/conv3d</c>): ONNX <c>Conv</c>, 2D or 3D by the
    /// weight's rank ([out, in/groups, k...]). With <paramref name="foldedBatchNorm"/>, the batch normalisation that
    /// follows the convolution is folded into its weight and bias (no separate node).
    /// </summary>
    public static string Conv(OnnxGraphBuilder builder, string input, WeightArray weight, float[]? bias = null, long stride = 1, long padding = 0,
        long dilation = 1, long groups = 1, BatchNormParameters? foldedBatchNorm = null)
    {
        ArgumentNullException.ThrowIfNull(weight);
        int spatial = SpatialOfKernel(weight.Shape, "Conv");
        return Conv(builder, input, weight, bias, Repeat(stride, spatial), Repeat(padding, spatial), Repeat(dilation, spatial), groups, foldedBatchNorm);
    }

    /// <summary>A convolution with per-dimension stride, (symmetric) padding and dilation; see the scalar overload.</summary>
    public static string Conv(OnnxGraphBuilder builder, string input, WeightArray weight, float[]? bias, long[] stride, long[] padding,
        long[] dilation, long groups = 1, BatchNormParameters? foldedBatchNorm = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(weight);
        long[] shape = weight.Shape;
        int spatial = SpatialOfKernel(shape, "Conv");
        CheckPerDimension(spatial, stride, padding, dilation);
        float[] w = weight.Data;
        float[]? b = bias;
        if (foldedBatchNorm is not null) (w, b) = BatchNormFolding.Fold(w, shape, b, transposed: false, groups, foldedBatchNorm);
        string wName = builder.AddInitializer(builder.UniqueName("conv_weight"), w, shape);
        var inputs = new List<string> { input, wName };
        if (b is not null) inputs.Add(builder.AddInitializer(builder.UniqueName("conv_bias"), b, b.Length));
        return builder.AddNode("Conv", inputs,
            OnnxAttribute.Ints("kernel_shape", shape[2..]),
            OnnxAttribute.Ints("strides", stride),
            OnnxAttribute.Ints("pads", [.. padding, .. padding]),
            OnnxAttribute.Ints("dilations", dilation),
            OnnxAttribute.Int("group", groups));
    }

    /// <summary>
    /// A transposed convolution (<c>torch.nn.functional.conv_transpose2d/3d</c>): ONNX
    /// <c>ConvTranspose</c> (weight [in, out/groups, k...], the same layout in both). With
    /// <paramref name="foldedBatchNorm"/>, a following batch normalisation is folded in.
    /// </summary>
    public static string ConvTranspose(OnnxGraphBuilder builder, string input, WeightArray weight, float[]? bias = null, long stride = 1, long padding = 0,
        long outputPadding = 0, long groups = 1, long dilation = 1, BatchNormParameters? foldedBatchNorm = null)
    {
        ArgumentNullException.ThrowIfNull(weight);
        int spatial = SpatialOfKernel(weight.Shape, "ConvTranspose");
        return ConvTranspose(builder, input, weight, bias, Repeat(stride, spatial), Repeat(padding, spatial), Repeat(outputPadding, spatial), groups,
            Repeat(dilation, spatial), foldedBatchNorm);
    }

    /// <summary>A transposed convolution with per-dimension stride, padding, output padding and dilation; see the scalar overload.</summary>
    public static string ConvTranspose(OnnxGraphBuilder builder, string input, WeightArray weight, float[]? bias, long[] stride, long[] padding,
        long[] outputPadding, long groups, long[] dilation, BatchNormParameters? foldedBatchNorm = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(weight);
        long[] shape = weight.Shape;
        int spatial = SpatialOfKernel(shape, "ConvTranspose");
        CheckPerDimension(spatial, stride, padding, outputPadding, dilation);
        float[] w = weight.Data;
        float[]? b = bias;
        if (foldedBatchNorm is not null) (w, b) = BatchNormFolding.Fold(w, shape, b, transposed: true, groups, foldedBatchNorm);
        string wName = builder.AddInitializer(builder.UniqueName("convtranspose_weight"), w, shape);
        var inputs = new List<string> { input, wName };
        if (b is not null) inputs.Add(builder.AddInitializer(builder.UniqueName("convtranspose_bias"), b, b.Length));
        return builder.AddNode("ConvTranspose", inputs,
            OnnxAttribute.Ints("kernel_shape", shape[2..]),
            OnnxAttribute.Ints("strides", stride),
            OnnxAttribute.Ints("pads", [.. padding, .. padding]),
            OnnxAttribute.Ints("output_padding", outputPadding),
            OnnxAttribute.Ints("dilations", dilation),
            OnnxAttribute.Int("group", groups));
    }

    private static int SpatialOfKernel(long[] shape, string op)
    {
        if (shape.Length is not (4 or 5))
            throw new ArgumentException($"{op}: the weight must have 4 (2D) or 5 (3D) dimensions, it has shape [{string.Join(", ", shape)}]");
        return shape.Length - 2;
    }

    private static void CheckPerDimension(int spatial, params long[][] values)
    {
        foreach (long[] v in values)
        {
            ArgumentNullException.ThrowIfNull(v);
            if (v.Length != spatial) throw new ArgumentException($"per-dimension options need {spatial} entries, got [{string.Join(", ", v)}]");
        }
    }

    private static long[] Repeat(long value, int count) => Enumerable.Repeat(value, count).ToArray();

    private static void CheckSpatial(int spatialDims)
    {
        if (spatialDims is not (2 or 3)) throw new ArgumentOutOfRangeException(nameof(spatialDims), spatialDims, "2 (images) or 3 (volumes) spatial dimensions");
    }
}
