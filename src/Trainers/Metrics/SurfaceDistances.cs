namespace MLSegmentation.Trainers.Metrics;

/// <summary>Surface-distance metrics between a predicted and a true mask, in physical units (voxel spacing).</summary>
/// <param name="Hausdorff">The Hausdorff distance: the largest distance in the union of both directed surface-distance sets.</param>
/// <param name="HausdorffPercentile">
/// The percentile (95 by default) of the union of both directed surface-distance sets, linear interpolation (MedPy's hd95).
/// </param>
/// <param name="MeanSurfaceDistance">
/// The average symmetric surface distance: the mean of the union of both directed sets
/// (Σ over both surfaces of the distance to the other surface, divided by the number of surface voxels of both).
/// </param>
public readonly record struct SurfaceDistances(double Hausdorff, double HausdorffPercentile, double MeanSurfaceDistance)
{
    /// <summary>Both masks empty: every distance 0.</summary>
    public static SurfaceDistances BothEmpty => new(0, 0, 0);

    /// <summary>Not computed: every distance NaN.</summary>
    public static SurfaceDistances NotComputed => new(double.NaN, double.NaN, double.NaN);

    /// <summary>Exactly one mask empty: every distance <paramref name="value"/> (+∞ by default).</summary>
    public static SurfaceDistances OneEmpty(double value) => new(value, value, value);
}
