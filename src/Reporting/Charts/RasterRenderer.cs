using MLSegmentation.Reporting.Raster;

namespace MLSegmentation.Reporting.Charts;

/// <summary>Rasterises a <see cref="Scene"/> in managed code: anti-aliased lines and dots, filled rectangles, bitmap-font text.</summary>
internal static class RasterRenderer
{
    public static RasterCanvas Render(Scene scene)
    {
        var canvas = new RasterCanvas(scene.Width, scene.Height, Rgb.White);
        foreach (Shape shape in scene.Shapes)
        {
            switch (shape)
            {
                case RectShape r:
                    canvas.FillRect(r.X, r.Y, r.Width, r.Height, r.Fill);
                    break;
                case LineShape l:
                    canvas.DrawPolyline(l.Points, l.Stroke, l.Width);
                    break;
                case DotShape d:
                    canvas.FillDisc(d.X, d.Y, d.Radius, d.Fill);
                    break;
                case TextShape t:
                    canvas.DrawText(t.X, t.Y, t.Text, FontScale(t.Size), t.Color, t.Anchor, t.Vertical);
                    break;
                default:
                    throw new ArgumentException($"no raster drawing for {shape.GetType().Name}", nameof(scene));
            }
        }

        return canvas;
    }

    /// <summary>Whole multiples of the 5×7 font closest to a text size (a 7-pixel cap height suits 9–16 px text).</summary>
    public static int FontScale(double size) => Math.Max(1, (int)Math.Round(size / 12));
}
