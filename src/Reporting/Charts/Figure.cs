using System.Xml.Linq;
using OxyPlot;
using SkiaSharp;

namespace MLSegmentation.Reporting.Charts;

/// <summary>
/// OxyPlot charts side by side, one panel each. <see cref="ToSvg"/> and <see cref="ToBitmap"/> render the same plot
/// models, through OxyPlot's SVG renderer and its SkiaSharp renderer (text in <see cref="ReportFont"/>), and both measure
/// text with that font, so the two pictures have the same layout.
/// </summary>
public sealed class Figure
{
    /// <summary>A figure of <paramref name="panels"/>, left to right.</summary>
    /// <exception cref="ArgumentException">There is no panel.</exception>
    public Figure(IReadOnlyList<PlotModel> panels)
    {
        ArgumentNullException.ThrowIfNull(panels);
        if (panels.Count == 0) throw new ArgumentException("A figure needs at least one chart.", nameof(panels));
        Panels = panels;
    }

    /// <summary>The charts, left to right.</summary>
    public IReadOnlyList<PlotModel> Panels { get; }

    /// <summary>Width of each panel in pixels.</summary>
    public int PanelWidth { get; init; } = 480;

    /// <summary>Height of the figure in pixels.</summary>
    public int Height { get; init; } = 360;

    /// <summary>Width of the figure in pixels.</summary>
    public int Width => PanelWidth * Panels.Count;

    /// <summary>The figure as an SVG document (text as SVG text, each series as polylines).</summary>
    public XDocument ToSvg()
    {
        using var stream = new MemoryStream();
        using (var measurer = new ReportRenderContext())
        using (var svg = new SvgRenderContext(stream, Width, Height, isDocument: false, measurer, OxyColors.White))
        {
            Render(svg);
            svg.Complete();
            svg.Flush();
        }

        stream.Position = 0;
        return XDocument.Load(stream);
    }

    /// <summary>The figure drawn into a new opaque bitmap, which the caller disposes.</summary>
    public SKBitmap ToBitmap()
    {
        SKBitmap bitmap = ReportPng.Create(Width, Height);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var context = new ReportRenderContext { SkCanvas = canvas };
        Render(context);
        return bitmap;
    }

    /// <summary>Writes <see cref="ToBitmap"/> as PNG to <paramref name="path"/> atomically.</summary>
    public void WritePng(string path)
    {
        using SKBitmap bitmap = ToBitmap();
        ReportPng.Write(path, bitmap);
    }

    private void Render(IRenderContext context)
    {
        for (int i = 0; i < Panels.Count; i++)
        {
            IPlotModel panel = Panels[i];
            panel.Update(true);
            panel.Render(context, new OxyRect(i * PanelWidth, 0, PanelWidth, Height));
        }
    }
}
