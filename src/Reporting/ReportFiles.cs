namespace MLSegmentation.Reporting;

/// <summary>The files <see cref="RunReport.Write"/> wrote.</summary>
/// <param name="Html">The one-page report.</param>
/// <param name="CurvesSvg">The training curves as SVG.</param>
/// <param name="CurvesPng">The training curves as PNG.</param>
/// <param name="OverlayFolder">The folder of the overlay pictures.</param>
/// <param name="Overlays">The overlay pictures.</param>
public sealed record ReportFiles(string Html, string CurvesSvg, string CurvesPng, string OverlayFolder, IReadOnlyList<string> Overlays);
