namespace MLSegmentation.Trainers.Metrics;

/// <summary>What the segmentation metrics compute and how they summarise it.</summary>
public sealed record MetricsOptions
{
    /// <summary>Creates options for <paramref name="classes"/> classes, background (class 0) included.</summary>
    public MetricsOptions(int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        Classes = classes;
    }

    /// <summary>Number of classes C including background (class 0); every label must lie in [0, C).</summary>
    public int Classes { get; }

    /// <summary>
    /// Whether class 0 enters the class means (mean Dice, class-mean mIoU, present-class mIoU) and gets surface
    /// distances. Default false (the medical convention). Its overlap metrics are reported either way.
    /// </summary>
    public bool IncludeBackground { get; init; }

    /// <summary>Whether to compute surface distances (Hausdorff, HD95, mean surface distance). Default true.</summary>
    public bool SurfaceDistances { get; init; } = true;

    /// <summary>The percentile of the union of directed surface distances reported as HD95. Default 95.</summary>
    public double HausdorffPercentile { get; init; } = 95;

    /// <summary>
    /// The surface distances (HD95, MSD, Hausdorff) of a class present in exactly one of prediction and truth.
    /// Default NaN, MONAI's convention: the distance is undefined for that image, which is left out of the
    /// distance statistics and counted in <see cref="MetricStatistic.Excluded"/>. A finite value ≥ 0 (say the
    /// image diagonal) is a stated maximum distance that enters the statistics instead. Both absent is always NaN.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is infinite or negative.</exception>
    public double MissingSurfaceDistance
    {
        get => _missingSurfaceDistance;
        init => _missingSurfaceDistance = Metrics.SurfaceDistances.CheckMissing(value, nameof(MissingSurfaceDistance));
    }

    private readonly double _missingSurfaceDistance = double.NaN;

    /// <summary>Optional class names for reports, one per class; "class k" when null.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>The first class that enters class means: 0 with background, else 1.</summary>
    internal int FirstClass => IncludeBackground ? 0 : 1;

    /// <summary>The name of class <paramref name="c"/>.</summary>
    internal string NameOf(int c) =>
        ClassNames is { } names && c < names.Count ? names[c] : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"class {c}");
}
