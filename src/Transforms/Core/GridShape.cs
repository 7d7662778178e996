namespace MLSegmentation.Transforms;

/// <summary>Validation shared by the grid types: spatial sizes and voxel spacing.</summary>
internal static class GridShape
{
    /// <summary>Checks 2 or 3 positive sizes and returns their product (voxels per channel).</summary>
    public static int VoxelCount(IReadOnlyList<int> size)
    {
        ArgumentNullException.ThrowIfNull(size);
        if (size.Count is not (2 or 3))
        {
            throw new ArgumentException($"A grid has 2 or 3 spatial dimensions, not {size.Count}.", nameof(size));
        }

        long count = 1;
        foreach (int s in size)
        {
            if (s <= 0)
            {
                throw new ArgumentException($"Spatial sizes must be positive: [{string.Join(", ", size)}].", nameof(size));
            }

            count *= s;
            if (count > Array.MaxLength)
            {
                throw new ArgumentException($"A grid of [{string.Join(", ", size)}] voxels is too large for one array.", nameof(size));
            }
        }

        return (int)count;
    }

    /// <summary>Returns the spacing, 1 per axis when <paramref name="spacing"/> is null, after checking it.</summary>
    public static double[] Spacing(IReadOnlyList<double>? spacing, int dimensions)
    {
        if (spacing is null)
        {
            return Enumerable.Repeat(1.0, dimensions).ToArray();
        }

        if (spacing.Count != dimensions)
        {
            throw new ArgumentException($"Spacing has {spacing.Count} values for {dimensions} spatial dimensions.", nameof(spacing));
        }

        foreach (double s in spacing)
        {
            if (!(s > 0) || double.IsInfinity(s))
            {
                throw new ArgumentException($"Spacing must be positive and finite: [{string.Join(", ", spacing)}].", nameof(spacing));
            }
        }

        return spacing.ToArray();
    }
}
