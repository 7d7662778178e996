namespace MLSegmentation.Trainers.Metrics;

/// <summary>The bounding box of each class's voxels (inclusive), grown one voxel at a time.</summary>
internal sealed class BoundingBoxes
{
    private readonly int[] _min;
    private readonly int[] _max;

    public BoundingBoxes(int classes)
    {
        _min = new int[classes * 3];
        _max = new int[classes * 3];
        _min.AsSpan().Fill(int.MaxValue);
        _max.AsSpan().Fill(-1);
    }

    /// <summary>Grows class <paramref name="c"/>'s box to hold voxel (z, y, x).</summary>
    public void Include(int c, int z, int y, int x)
    {
        int k = c * 3;
        Grow(k, z);
        Grow(k + 1, y);
        Grow(k + 2, x);
    }

    /// <summary>The inclusive box of class <paramref name="c"/>; only meaningful when the class occurs.</summary>
    public (int Z0, int Z1, int Y0, int Y1, int X0, int X1) Box(int c)
    {
        int k = c * 3;
        return (_min[k], _max[k], _min[k + 1], _max[k + 1], _min[k + 2], _max[k + 2]);
    }

    private void Grow(int k, int v)
    {
        if (v < _min[k])
        {
            _min[k] = v;
        }

        if (v > _max[k])
        {
            _max[k] = v;
        }
    }
}
