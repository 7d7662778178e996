using System.Xml.Linq;
using MLSegmentation.Transforms;

namespace MLSegmentation.Reporting.Charts;

/// <summary>
/// Charts side by side. One layout (<see cref="ChartLayout"/>) turns the figure into a scene of lines, rectangles
/// and text, which <see cref="SvgRenderer"/> writes as SVG and <see cref="RasterRenderer"/> rasterises to PNG.
/// </summary>
/// <param name="Panels">The charts, left to right.</param>
public sealed record Figure(IReadOnlyList<Chart> Panels)
{
    /// <summary>Width of each panel in pixels.</summary>
    public int PanelWidth { get; init; } = 480;

    /// <summary>Height of the figure in pixels.</summary>
    public int Height { get; init; } = 360;

    /// <summary>The figure as an SVG document (text as SVG text, one polyline per series).</summary>
    public XDocument ToSvg() => SvgRenderer.Render(ChartLayout.Layout(this));

    /// <summary>The figure rasterised to an 8-bit RGB PNG image.</summary>
    public PngImage ToPng() => RasterRenderer.Render(ChartLayout.Layout(this)).ToPng();

    /// <summary>Writes <see cref="ToSvg"/> to <paramref name="path"/> atomically.</summary>
    public void WriteSvg(string path) => AtomicFile.WriteAllText(path, ToSvg().ToString());

    /// <summary>Writes <see cref="ToPng"/> to <paramref name="path"/> atomically.</summary>
    public void WritePng(string path) => PngFile.Write(path, ToPng());
}
