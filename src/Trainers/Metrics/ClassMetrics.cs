namespace MLSegmentation.Trainers.Metrics;

/// <summary>The metrics of one class in one image. docs/metrics.md gives the definitions and empty-mask conventions.</summary>
/// <param name="Class">The class index.</param>
/// <param name="Counts">One-vs-rest voxel counts.</param>
/// <param name="Distances">
/// Surface distances in physical units; NaN when not computed (background unless included, or disabled) and when
/// undefined (the class is empty in the prediction or the truth, unless a finite <see cref="MetricsOptions.MissingSurfaceDistance"/> is set).
/// </param>
public sealed record ClassMetrics(int Class, ClassCounts Counts, SurfaceDistances Distances)
{
    /// <summary>Dice = 2TP / (2TP + FP + FN); 1 when both masks are empty.</summary>
    public double Dice => Counts.Dice;

    /// <summary>IoU = TP / (TP + FP + FN); 1 when both masks are empty.</summary>
    public double Iou => Counts.Iou;

    /// <summary>Precision = TP / (TP + FP).</summary>
    public double Precision => Counts.Precision;

    /// <summary>Sensitivity (recall) = TP / (TP + FN).</summary>
    public double Sensitivity => Counts.Sensitivity;

    /// <summary>Specificity = TN / (TN + FP).</summary>
    public double Specificity => Counts.Specificity;

    /// <summary>
    /// The HD95 (by default the 95th percentile of the union of both directed surface-distance sets); NaN when the
    /// class is empty in the prediction or the truth (see <see cref="SurfaceDistances"/>).
    /// </summary>
    public double Hausdorff95 => Distances.HausdorffPercentile;

    /// <summary>The average symmetric surface distance (MSD); NaN when the class is empty in the prediction or the truth.</summary>
    public double MeanSurfaceDistance => Distances.MeanSurfaceDistance;

    /// <summary>The (maximum) Hausdorff distance; NaN when the class is empty in the prediction or the truth.</summary>
    public double Hausdorff => Distances.Hausdorff;

    /// <summary>Whether the class is absent from the ground truth.</summary>
    public bool TruthEmpty => Counts.TruthEmpty;

    /// <summary>Whether the class is absent from the prediction.</summary>
    public bool PredictionEmpty => Counts.PredictionEmpty;
}
