namespace MLSegmentation.Reporting.Charts;

/// <summary>A line chart: a title, axis labels and series; the axes' ranges and ticks follow from the data.</summary>
/// <param name="Title">Text above the plot.</param>
/// <param name="XLabel">Text under the horizontal axis.</param>
/// <param name="YLabel">Text beside the vertical axis.</param>
/// <param name="Series">The lines, drawn in order.</param>
public sealed record Chart(string Title, string XLabel, string YLabel, IReadOnlyList<ChartSeries> Series)
{
    /// <summary>A fixed vertical range (e.g. 0..1 for Dice) instead of one fitted to the data.</summary>
    public (double Min, double Max)? YRange { get; init; }

    /// <summary>A fixed horizontal range (e.g. 0..total steps) instead of one fitted to the data.</summary>
    public (double Min, double Max)? XRange { get; init; }
}
