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
    /// The surface distances of a class present in exactly one of prediction and truth. Default +∞; a finite
    /// value (say the image diagonal) keeps dataset means finite. Both absent gives 0.
    /// </summary>
    public double MissingSurfaceDistance { get; init; } = double.PositiveInfinity;

    /// <summary>Optional class names for reports, one per class; "class k" when null.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>The first class that enters class means: 0 with background, else 1.</summary>
    internal int FirstClass => IncludeBackground ? 0 : 1;

    /// <summary>The name of class <paramref name="c"/>.</summary>
    internal string NameOf(int c) =>
        ClassNames is { } names && c < names.Count ? names[c] : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"class {c}");
}
