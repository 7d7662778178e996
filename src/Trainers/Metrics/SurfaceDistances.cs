namespace MLSegmentation.Trainers.Metrics;

/// <summary>Surface-distance metrics between a predicted and a true mask, in physical units (voxel spacing).</summary>
/// <remarks>
/// A surface distance needs two surfaces. When the prediction or the truth (or both) is empty, every distance is
/// NaN ("undefined", MONAI's convention), and dataset statistics leave that image out and count it in
/// <see cref="MetricStatistic.Excluded"/>; a finite <see cref="MetricsOptions.MissingSurfaceDistance"/> puts a
/// stated maximum distance in its place when exactly one mask is empty. docs/metrics.md gives the conventions.
/// </remarks>
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
    /// <summary>Both masks empty: undefined, every distance NaN (no surface to measure; Dice is 1 there).</summary>
    public static SurfaceDistances BothEmpty => Undefined;

    /// <summary>Not computed (background unless included, or surface distances switched off): every distance NaN.</summary>
    public static SurfaceDistances NotComputed => Undefined;

    /// <summary>
    /// Exactly one mask empty: every distance <paramref name="value"/> — NaN (undefined, the default of
    /// <see cref="MetricsOptions.MissingSurfaceDistance"/>) or a stated maximum distance.
    /// </summary>
    public static SurfaceDistances OneEmpty(double value) => new(value, value, value);

    private static SurfaceDistances Undefined => new(double.NaN, double.NaN, double.NaN);

    /// <summary>Checks a value for <see cref="OneEmpty"/>: NaN or a finite distance ≥ 0.</summary>
    internal static double CheckMissing(double value, string name) =>
        double.IsNaN(value) || (double.IsFinite(value) && value >= 0)
            ? value
            : throw new ArgumentOutOfRangeException(name, value, "The distance for a missing surface is NaN (undefined, excluded from means) or a finite distance ≥ 0; an infinite distance would make every mean infinite.");
}
