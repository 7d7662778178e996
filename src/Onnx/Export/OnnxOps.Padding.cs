namespace MLSegmentation.Onnx;

public static partial class OnnxOps
{
    /// <summary>
    /// Zero-pads each spatial axis of <paramref name="input"/> [N, C, spatial…] at its end to the next multiple of its entry
    /// in <paramref name="multiples"/> (Shape + Mod + Sub + Mod + Concat + Pad, so the size need not be known when exporting).
    /// Returns the padded value and the input's spatial shape (int64 [spatialDims]) for <see cref="CropSpatial"/>.
    /// </summary>
    public static (string Padded, string SpatialShape) PadSpatialToMultiple(OnnxGraphBuilder builder, string input, long[] multiples)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(multiples);
        int spatialDims = multiples.Length;
        CheckSpatial(spatialDims);
        if (multiples.Any(m => m < 1)) throw new ArgumentOutOfRangeException(nameof(multiples), $"[{string.Join(", ", multiples)}]: every multiple must be positive");
        string spatial = builder.AddNode("Shape", [input], OnnxAttribute.Int("start", 2));
        string m = builder.AddInitializer(builder.UniqueName("size_multiple"), multiples, spatialDims);
        string remainder = builder.AddNode("Mod", [spatial, m]);
        string after = builder.AddNode("Mod", [builder.AddNode("Sub", [m, remainder]), m]);
        string leading = builder.AddInitializer(builder.UniqueName("pads_leading"), new long[spatialDims + 4], spatialDims + 4);
        string pads = builder.AddNode("Concat", [leading, after], OnnxAttribute.Int("axis", 0));
        return (builder.AddNode("Pad", [input, pads], OnnxAttribute.String("mode", "constant")), spatial);
    }

    /// <summary>
    /// The leading <paramref name="spatialShape"/> (int64 [spatialDims], from <see cref="PadSpatialToMultiple"/>) of the
    /// spatial axes of <paramref name="input"/> [N, C, spatial…]: ONNX <c>Slice</c>.
    /// </summary>
    public static string CropSpatial(OnnxGraphBuilder builder, string input, string spatialShape, int spatialDims)
    {
        ArgumentNullException.ThrowIfNull(builder);
        string starts = builder.AddInitializer(builder.UniqueName("crop_starts"), new long[spatialDims], spatialDims);
        string axes = builder.AddInitializer(builder.UniqueName("crop_axes"), [.. Enumerable.Range(2, spatialDims).Select(a => (long)a)], spatialDims);
        return builder.AddNode("Slice", [input, starts, spatialShape, axes]);
    }
}
