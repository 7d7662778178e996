namespace MLSegmentation.Onnx;

/// <summary>
/// Resizing of planar maps and volumes as <c>torch.nn.functional.interpolate</c> does it: linear per axis with
/// half-pixel centres (<c>align_corners=False</c>, no antialiasing; bilinear for images, trilinear for volumes) for
/// images and probabilities, nearest (source index ⌊dst · in / out⌋) for labels. Sizes are [D, H, W] with depth 1
/// for 2D maps, on which the depth axis is the identity.
/// </summary>
internal static class Resampling
{
    /// <summary>Linear resize of <paramref name="channels"/> grids of <paramref name="from"/> in <paramref name="source"/> to <paramref name="to"/> in <paramref name="destination"/>.</summary>
    public static void Linear(ReadOnlySpan<float> source, int channels, GridSize from, Span<float> destination, GridSize to)
    {
        var (z0, z1, fz) = Axis(from.Depth, to.Depth);
        var (y0, y1, fy) = Axis(from.Height, to.Height);
        var (x0, x1, fx) = Axis(from.Width, to.Width);
        int inPlane = from.Height * from.Width, outPlane = to.Height * to.Width;
        for (var c = 0; c < channels; c++)
        {
            for (var oz = 0; oz < to.Depth; oz++)
            {
                var low = source.Slice((c * from.Depth + z0[oz]) * inPlane, inPlane);
                var high = source.Slice((c * from.Depth + z1[oz]) * inPlane, inPlane);
                var wz = fz[oz];
                var dst = destination.Slice((c * to.Depth + oz) * outPlane, outPlane);
                for (var oy = 0; oy < to.Height; oy++)
                {
                    var row = dst.Slice(oy * to.Width, to.Width);
                    for (var ox = 0; ox < to.Width; ox++)
                    {
                        var v = Bilinear(low, from.Width, y0[oy], y1[oy], fy[oy], x0[ox], x1[ox], fx[ox]);
                        if (wz != 0)
                        {
                            v += (Bilinear(high, from.Width, y0[oy], y1[oy], fy[oy], x0[ox], x1[ox], fx[ox]) - v) * wz;
                        }
                        row[ox] = v;
                    }
                }
            }
        }
    }

    /// <summary>Nearest-neighbour resize of a label grid of <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static void Nearest(ReadOnlySpan<int> source, GridSize from, Span<int> destination, GridSize to)
    {
        Span<int> xs = to.Width <= 4096 ? stackalloc int[to.Width] : new int[to.Width];
        for (var ox = 0; ox < to.Width; ox++)
        {
            xs[ox] = NearestIndex(ox, from.Width, to.Width);
        }
        for (var oz = 0; oz < to.Depth; oz++)
        {
            var sz = NearestIndex(oz, from.Depth, to.Depth);
            for (var oy = 0; oy < to.Height; oy++)
            {
                var sy = NearestIndex(oy, from.Height, to.Height);
                var src = source.Slice((sz * from.Height + sy) * from.Width, from.Width);
                var row = destination.Slice((oz * to.Height + oy) * to.Width, to.Width);
                for (var ox = 0; ox < to.Width; ox++)
                {
                    row[ox] = src[xs[ox]];
                }
            }
        }
    }

    private static int NearestIndex(int o, int size, int outSize) => (int)Math.Min((long)o * size / outSize, size - 1);

    private static float Bilinear(ReadOnlySpan<float> plane, int w, int y0, int y1, float wy, int x0, int x1, float wx)
    {
        var r0 = plane.Slice(y0 * w, w);
        var r1 = plane.Slice(y1 * w, w);
        var top = r0[x0] + (r0[x1] - r0[x0]) * wx;
        var bottom = r1[x0] + (r1[x1] - r1[x0]) * wx;
        return top + (bottom - top) * wy;
    }

    private static (int[] Low, int[] High, float[] Fraction) Axis(int size, int outSize)
    {
        var low = new int[outSize];
        var high = new int[outSize];
        var fraction = new float[outSize];
        var scale = (double)size / outSize;
        for (var o = 0; o < outSize; o++)
        {
            var s = Math.Max((o + 0.5) * scale - 0.5, 0);
            var i = Math.Min((int)s, size - 1);
            low[o] = i;
            high[o] = Math.Min(i + 1, size - 1);
            fraction[o] = (float)(s - i);
        }
        return (low, high, fraction);
    }
}
