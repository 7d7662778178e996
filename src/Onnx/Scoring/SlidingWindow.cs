namespace MLSegmentation.Onnx;

/// <summary>
/// Tile placement and Gaussian importance weights of sliding-window inference, after nnU-Net
/// (<c>compute_steps_for_sliding_window</c>, <c>compute_gaussian</c> with σ = tile / 8).
/// </summary>
internal static class SlidingWindow
{
    /// <summary>
    /// Start offsets of tiles of <paramref name="tile"/> along an axis of <paramref name="size"/> (≥ tile): the fewest
    /// tiles whose step is at most tile · (1 − overlap), spread evenly from 0 to size − tile.
    /// </summary>
    public static int[] Starts(int size, int tile, double overlap)
    {
        if (size <= tile)
        {
            return [0];
        }
        var maxStep = Math.Max(1.0, tile * (1 - overlap));
        var count = (int)Math.Ceiling((size - tile) / maxStep) + 1;
        var step = (double)(size - tile) / (count - 1);
        var starts = new int[count];
        for (var i = 0; i < count; i++)
        {
            starts[i] = (int)Math.Round(step * i);
        }
        return starts;
    }

    /// <summary>Gaussian weights [th, tw], 1 at the centre, σ = size / 8 per axis, floored at 1e-4 so no pixel has zero weight.</summary>
    public static float[] Gaussian(int th, int tw)
    {
        var wy = Axis(th);
        var wx = Axis(tw);
        var map = new float[th * tw];
        for (var y = 0; y < th; y++)
        {
            for (var x = 0; x < tw; x++)
            {
                map[y * tw + x] = Math.Max((float)(wy[y] * wx[x]), 1e-4f);
            }
        }
        return map;
    }

    private static double[] Axis(int size)
    {
        var sigma = size / 8.0;
        var centre = (size - 1) / 2.0;
        var w = new double[size];
        for (var i = 0; i < size; i++)
        {
            var d = (i - centre) / sigma;
            w[i] = Math.Exp(-0.5 * d * d);
        }
        return w;
    }
}
