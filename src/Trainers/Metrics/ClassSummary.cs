namespace MLSegmentation.Trainers.Metrics;

/// <summary>
/// One class over a dataset: each per-image metric summarised over the images whose ground truth contains the
/// class, and the pooled (micro) metrics of all voxels of all images.
/// </summary>
public sealed class ClassSummary
{
    /// <summary>The class index.</summary>
    public int Class { get; init; }

    /// <summary>The class name.</summary>
    public string Name { get; init; } = "";

    /// <summary>Images whose ground truth contains the class (the images the statistics are over).</summary>
    public int ImagesWithTruth { get; init; }

    /// <summary>Images whose prediction contains the class.</summary>
    public int ImagesWithPrediction { get; init; }

    /// <summary>Images predicting the class although their ground truth has none (excluded from the statistics).</summary>
    public int FalsePositiveImages { get; init; }

    /// <summary>Per-image Dice over images with the class in the truth.</summary>
    public MetricStatistic Dice { get; init; }

    /// <summary>Per-image IoU over images with the class in the truth.</summary>
    public MetricStatistic Iou { get; init; }

    /// <summary>Per-image precision over images with the class in the truth.</summary>
    public MetricStatistic Precision { get; init; }

    /// <summary>Per-image sensitivity over images with the class in the truth.</summary>
    public MetricStatistic Sensitivity { get; init; }

    /// <summary>Per-image specificity over images with the class in the truth.</summary>
    public MetricStatistic Specificity { get; init; }

    /// <summary>
    /// Per-image HD95 over images with the class in the truth. Images whose prediction lacks the class have no
    /// HD95 (MONAI's convention): they are left out of the statistic and counted in its
    /// <see cref="MetricStatistic.Excluded"/>, unless a finite <see cref="MetricsOptions.MissingSurfaceDistance"/>
    /// stands in for them. Count and excluded 0 when not computed.
    /// </summary>
    public MetricStatistic Hausdorff95 { get; init; }

    /// <summary>
    /// Per-image average symmetric surface distance (MSD) over images with the class in the truth; images with an
    /// empty prediction are excluded and counted as for <see cref="Hausdorff95"/>.
    /// </summary>
    public MetricStatistic MeanSurfaceDistance { get; init; }

    /// <summary>Pooled voxel counts over all images.</summary>
    public ClassCounts PooledCounts { get; init; }

    /// <summary>Dice of the pooled counts (micro average over all voxels of all images).</summary>
    public double PooledDice => PooledCounts.Dice;

    /// <summary>IoU of the pooled counts.</summary>
    public double PooledIou => PooledCounts.Iou;

    /// <summary>Precision of the pooled counts.</summary>
    public double PooledPrecision => PooledCounts.Precision;

    /// <summary>Sensitivity of the pooled counts.</summary>
    public double PooledSensitivity => PooledCounts.Sensitivity;

    /// <summary>Specificity of the pooled counts.</summary>
    public double PooledSpecificity => PooledCounts.Specificity;
}
