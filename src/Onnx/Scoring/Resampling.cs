namespace MLSegmentation.Onnx;

/// <summary>
/// Resizing of planar maps as <c>torch.nn.functional.interpolate</c> does it: bilinear with half-pixel centres
/// (<c>align_corners=False</c>, no antialiasing) for images and probabilities, nearest (source index
/// ⌊dst · in / out⌋) for labels.
/// </summary>
internal static class Resampling
{
    /// <summary>Bilinear resize of <paramref name="channels"/> planes [h, w] in <paramref name="source"/> to [oh, ow] in <paramref name="destination"/>.</summary>
    public static void Bilinear(ReadOnlySpan<float> source, int channels, int h, int w, Span<float> destination, int oh, int ow)
    {
        var (y0, y1, fy) = Axis(h, oh);
        var (x0, x1, fx) = Axis(w, ow);
        for (var c = 0; c < channels; c++)
        {
            var src = source.Slice(c * h * w, h * w);
            var dst = destination.Slice(c * oh * ow, oh * ow);
            for (var oy = 0; oy < oh; oy++)
            {
                var r0 = src.Slice(y0[oy] * w, w);
                var r1 = src.Slice(y1[oy] * w, w);
                var wy = fy[oy];
                var row = dst.Slice(oy * ow, ow);
                for (var ox = 0; ox < ow; ox++)
                {
                    var wx = fx[ox];
                    var top = r0[x0[ox]] + (r0[x1[ox]] - r0[x0[ox]]) * wx;
                    var bottom = r1[x0[ox]] + (r1[x1[ox]] - r1[x0[ox]]) * wx;
                    row[ox] = top + (bottom - top) * wy;
                }
            }
        }
    }

    /// <summary>Nearest-neighbour resize of a label plane [h, w] to [oh, ow].</summary>
    public static void Nearest(ReadOnlySpan<int> source, int h, int w, Span<int> destination, int oh, int ow)
    {
        Span<int> xs = ow <= 4096 ? stackalloc int[ow] : new int[ow];
        for (var ox = 0; ox < ow; ox++)
        {
            xs[ox] = (int)Math.Min((long)ox * w / ow, w - 1);
        }
        for (var oy = 0; oy < oh; oy++)
        {
            var sy = (int)Math.Min((long)oy * h / oh, h - 1);
            var src = source.Slice(sy * w, w);
            var row = destination.Slice(oy * ow, ow);
            for (var ox = 0; ox < ow; ox++)
            {
                row[ox] = src[xs[ox]];
            }
        }
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
