using System.Globalization;

namespace MLSegmentation.Onnx;

/// <summary>
/// A spatial size as the scorer handles it: depth, height, width, with depth 1 for 2D images, so that one code path
/// (batching, tiling, resampling) serves images and volumes alike.
/// </summary>
internal readonly record struct GridSize(int Depth, int Height, int Width)
{
    /// <summary>Voxels (pixels) per channel.</summary>
    public int Voxels => checked(Depth * Height * Width);

    /// <summary>The size of a 2D [H, W] or 3D [D, H, W] extent.</summary>
    public static GridSize Of(IReadOnlyList<int> size) => size.Count == 3 ? new(size[0], size[1], size[2]) : new(1, size[0], size[1]);

    /// <summary>The larger of the two sizes per axis.</summary>
    public static GridSize Max(GridSize a, GridSize b) =>
        new(Math.Max(a.Depth, b.Depth), Math.Max(a.Height, b.Height), Math.Max(a.Width, b.Width));

    /// <summary>[H, W] (2 spatial dimensions) or [D, H, W] (3).</summary>
    public int[] ToArray(int dimensions) => dimensions == 3 ? [Depth, Height, Width] : [Height, Width];

    /// <summary>The sizes as "D×H×W" (or "H×W") for messages.</summary>
    public string Format(int dimensions) =>
        string.Join("×", ToArray(dimensions).Select(s => s.ToString(CultureInfo.InvariantCulture)));
}
