using System.Globalization;

namespace MLSegmentation.Onnx;

public static partial class OnnxOps
{
    /// <summary>
    /// Resizing by a scale factor (<c>torch.nn.functional.interpolate</c> with <c>scale_factor</c>): ONNX
    /// <c>Resize</c> with scales, mapping coordinates as PyTorch does (nearest: asymmetric + floor; linear:
    /// half-pixel, or align-corners).
    /// </summary>
    public static string Resize(OnnxGraphBuilder builder, string input, int spatialDims, double scaleFactor,
        ResizeMode mode = ResizeMode.Nearest, bool alignCorners = false)
    {
        CheckSpatial(spatialDims);
        return Resize(builder, input, [.. Enumerable.Repeat(scaleFactor, spatialDims)], mode, alignCorners);
    }

    /// <summary>Resizing by a scale factor per spatial axis; see the scalar overload.</summary>
    public static string Resize(OnnxGraphBuilder builder, string input, double[] scaleFactors, ResizeMode mode = ResizeMode.Nearest, bool alignCorners = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(scaleFactors);
        CheckSpatial(scaleFactors.Length);
        if (!scaleFactors.All(f => f > 0)) throw new ArgumentOutOfRangeException(nameof(scaleFactors), $"[{string.Join(", ", scaleFactors)}]: every scale factor must be positive");
        float[] scales = [1f, 1f, .. scaleFactors.Select(f => (float)f)];
        string scalesName = builder.AddInitializer(builder.UniqueName("resize_scales"), scales, scales.Length);
        return builder.AddNode("Resize", [input, "", scalesName], ResizeAttributes(mode, alignCorners));
    }

    /// <summary>
    /// Resizing to a fixed spatial <paramref name="size"/> (<c>torch.nn.functional.interpolate</c> with
    /// <c>size</c>); batch and channels stay dynamic.
    /// </summary>
    public static string Resize(OnnxGraphBuilder builder, string input, long[] size, ResizeMode mode = ResizeMode.Nearest,
        bool alignCorners = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(size);
        CheckSpatial(size.Length);
        string spatial = builder.AddInitializer(builder.UniqueName("resize_size"), size, size.Length);
        return ResizeToSpatial(builder, input, spatial, mode, alignCorners);
    }

    /// <summary>
    /// Resizing to the spatial size of another value <paramref name="reference"/> (e.g. a U-Net's skip connection at
    /// an odd size), computed at run time: the engine's <c>interpolate(x, size: reference.shape[2..])</c>.
    /// </summary>
    public static string ResizeLike(OnnxGraphBuilder builder, string input, string reference, ResizeMode mode = ResizeMode.Nearest,
        bool alignCorners = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        string referenceShape = builder.AddNode("Shape", [reference]);
        string spatial = SliceAxis0(builder, referenceShape, 2, long.MaxValue);
        return ResizeToSpatial(builder, input, spatial, mode, alignCorners);
    }

    private static string ResizeToSpatial(OnnxGraphBuilder builder, string input, string spatialSize, ResizeMode mode, bool alignCorners)
    {
        string inputShape = builder.AddNode("Shape", [input]);
        string batchAndChannels = SliceAxis0(builder, inputShape, 0, 2);
        string sizes = builder.AddNode("Concat", [batchAndChannels, spatialSize], OnnxAttribute.Int("axis", 0));
        return builder.AddNode("Resize", [input, "", "", sizes], ResizeAttributes(mode, alignCorners));
    }

    private static string SliceAxis0(OnnxGraphBuilder builder, string input, long start, long end) =>
        builder.AddNode("Slice",
            [
                input,
                builder.AddInitializer(builder.UniqueName("slice_start"), [start], 1),
                builder.AddInitializer(builder.UniqueName("slice_end"), [end], 1),
                builder.AddInitializer(builder.UniqueName("slice_axis"), [0L], 1),
            ]);

    private static OnnxAttribute[] ResizeAttributes(ResizeMode mode, bool alignCorners)
    {
        if (mode == ResizeMode.Nearest)
        {
            if (alignCorners) throw new ArgumentException("align_corners applies to linear resizing only", nameof(alignCorners));
            return
            [
                OnnxAttribute.String("mode", "nearest"),
                OnnxAttribute.String("coordinate_transformation_mode", "asymmetric"),
                OnnxAttribute.String("nearest_mode", "floor"),
            ];
        }
        if (mode != ResizeMode.Linear)
            throw new NotSupportedException(string.Format(CultureInfo.InvariantCulture, "ONNX export: interpolation mode {0}", mode));
        return
        [
            OnnxAttribute.String("mode", "linear"),
            OnnxAttribute.String("coordinate_transformation_mode", alignCorners ? "align_corners" : "half_pixel"),
        ];
    }
}
