namespace MLSegmentation.Reporting.Charts;

/// <summary>A point of a series, in data units (or, inside a scene, in pixels).</summary>
/// <param name="X">Horizontal value.</param>
/// <param name="Y">Vertical value; NaN breaks the line.</param>
public readonly record struct ChartPoint(double X, double Y);
