using OxyPlot;
using OxyPlot.SkiaSharp;
using SkiaSharp;

namespace MLSegmentation.Reporting.Charts;

/// <summary>
/// OxyPlot's SkiaSharp renderer with its text drawn and measured in <see cref="ReportFont"/>. <see cref="SkiaRenderContext"/>
/// (and so <c>PngExporter</c>) looks fonts up by family name only, and its text methods are not virtual: this class
/// re-implements those two members of <see cref="IRenderContext"/> and inherits the rest. Without a canvas it only measures
/// (the SVG renderer's text measurer).
/// </summary>
internal sealed class ReportRenderContext : SkiaRenderContext, IRenderContext
{
    public ReportRenderContext() => RenderTarget = RenderTarget.PixelGraphic;

    void IRenderContext.DrawText(ScreenPoint p, string text, OxyColor fill, string? fontFamily, double fontSize, double fontWeight, double rotation,
        HorizontalAlignment horizontalAlignment, VerticalAlignment verticalAlignment, OxySize? maxSize)
    {
        if (text is null || !fill.IsVisible()) return;
        using SKFont font = Font(fontSize, fontWeight);
        using var paint = new SKPaint { Color = fill.ToSKColor(), IsAntialias = true };
        string[] lines = Lines(text);
        float spacing = font.GetFontMetrics(out SKFontMetrics metrics), extra = spacing * (lines.Length - 1);
        float y = verticalAlignment switch
        {
            VerticalAlignment.Top => -metrics.Ascent,
            VerticalAlignment.Middle => -(metrics.Ascent + metrics.Descent + extra) / 2,
            _ => -metrics.Descent - extra,
        };
        using var restore = new SKAutoCanvasRestore(SkCanvas);
        SkCanvas.Translate((float)p.X, (float)p.Y);
        SkCanvas.RotateDegrees((float)rotation);
        foreach (string line in lines)
        {
            float width = ReportFont.Advance(font, line);
            float x = horizontalAlignment switch { HorizontalAlignment.Left => 0, HorizontalAlignment.Center => -width / 2, _ => -width };
            SkCanvas.DrawText(line, x, y, font, paint);
            y += spacing;
        }
    }

    OxySize IRenderContext.MeasureText(string text, string? fontFamily, double fontSize, double fontWeight)
    {
        if (text is null) return new OxySize(0, 0);
        using SKFont font = Font(fontSize, fontWeight);
        string[] lines = Lines(text);
        return new OxySize(lines.Max(line => ReportFont.Advance(font, line)), font.Spacing * lines.Length);
    }

    private static SKFont Font(double size, double weight) => ReportFont.Font(size, weight >= FontWeights.Bold);

    private static string[] Lines(string text) => text.Split(["\r\n", "\n"], StringSplitOptions.None);
}
