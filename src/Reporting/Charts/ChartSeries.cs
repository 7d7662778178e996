namespace MLSegmentation.Reporting.Charts;

/// <summary>One line of a chart.</summary>
/// <param name="Name">The legend text.</param>
/// <param name="Points">The points in data units, in drawing order; points with a NaN value leave a gap.</param>
/// <param name="Color">The line colour.</param>
public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Points, Rgb Color)
{
    /// <summary>Line width in pixels.</summary>
    public double LineWidth { get; init; } = 1.5;

    /// <summary>Whether each point also gets a dot (for sparse series such as validations).</summary>
    public bool Markers { get; init; }
}
