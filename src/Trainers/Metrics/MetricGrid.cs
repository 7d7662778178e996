namespace MLSegmentation.Trainers.Metrics;

/// <summary>Validation of the grid shapes and spacings the metrics accept.</summary>
internal static class MetricGrid
{
    /// <summary>Checks 2 or 3 positive sizes and a positive finite spacing (1 per axis when null); returns the voxel count.</summary>
    public static int Check(IReadOnlyList<int> size, IReadOnlyList<double>? spacing, out double[] spacingValues)
    {
        ArgumentNullException.ThrowIfNull(size);
        if (size.Count is not (2 or 3))
        {
            throw new ArgumentException($"A grid has 2 or 3 spatial dimensions, not {size.Count}.", nameof(size));
        }

        long voxels = 1;
        foreach (int s in size)
        {
            if (s <= 0)
            {
                throw new ArgumentException($"Spatial sizes must be positive: [{string.Join(", ", size)}].", nameof(size));
            }

            voxels *= s;
            if (voxels > Array.MaxLength)
            {
                throw new ArgumentException($"A grid of [{string.Join(", ", size)}] voxels is too large for one array.", nameof(size));
            }
        }

        spacingValues = spacing?.ToArray() ?? Enumerable.Repeat(1.0, size.Count).ToArray();
        if (spacingValues.Length != size.Count)
        {
            throw new ArgumentException($"Spacing has {spacingValues.Length} values for {size.Count} axes.", nameof(spacing));
        }

        foreach (double s in spacingValues)
        {
            if (!(s > 0) || double.IsInfinity(s))
            {
                throw new ArgumentException($"Spacing must be positive and finite: [{string.Join(", ", spacingValues)}].", nameof(spacing));
            }
        }

        return (int)voxels;
    }
}
