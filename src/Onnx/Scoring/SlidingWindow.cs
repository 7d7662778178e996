namespace MLSegmentation.Onnx;

/// <summary>
/// Tile placement and Gaussian importance weights of sliding-window inference over images and volumes, after nnU-Net
/// (<c>compute_steps_for_sliding_window</c>, <c>compute_gaussian</c> with σ = tile / 8 per axis). Sizes are
/// [D, H, W] with depth 1 for 2D images (one tile along depth, weight 1 there).
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

    /// <summary>The corners (z, y, x) of every tile covering <paramref name="size"/> (≥ tile per axis), z slowest.</summary>
    public static GridSize[] Tiles(GridSize size, GridSize tile, double overlap)
    {
        var zs = Starts(size.Depth, tile.Depth, overlap);
        var ys = Starts(size.Height, tile.Height, overlap);
        var xs = Starts(size.Width, tile.Width, overlap);
        return [.. zs.SelectMany(z => ys.SelectMany(y => xs.Select(x => new GridSize(z, y, x))))];
    }

    /// <summary>
    /// Gaussian weights over a tile [D, H, W]: the product of one Gaussian per axis, 1 at the centre, σ = size / 8.
    /// No floor is needed: the smallest weight, at a corner, is about exp(−8 · 3) ≈ 4e-11, never 0 in float32. A
    /// fixed floor (say 1e-4) would be wrong in 3D: it would give a tile's border the weight of a neighbouring tile's
    /// interior where both products are tiny (near a volume's faces), and let the border's zero padding show.
    /// </summary>
    public static float[] Gaussian(GridSize tile)
    {
        var wz = Axis(tile.Depth);
        var wy = Axis(tile.Height);
        var wx = Axis(tile.Width);
        var map = new float[tile.Voxels];
        var i = 0;
        for (var z = 0; z < tile.Depth; z++)
        {
            for (var y = 0; y < tile.Height; y++)
            {
                for (var x = 0; x < tile.Width; x++)
                {
                    map[i++] = (float)(wz[z] * wy[y] * wx[x]);
                }
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
