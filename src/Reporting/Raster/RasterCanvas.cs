using MLSegmentation.Reporting.Charts;
using MLSegmentation.Transforms;

namespace MLSegmentation.Reporting.Raster;

/// <summary>
/// An RGB pixel buffer with the few drawing operations the reports need: rectangles, anti-aliased lines and discs,
/// and bitmap-font text. Pixel (x, y) covers [x, x+1) × [y, y+1); its centre is (x + 0.5, y + 0.5).
/// </summary>
internal sealed class RasterCanvas
{
    private readonly Rgb[] _pixels;

    public RasterCanvas(int width, int height, Rgb background)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        Width = width;
        Height = height;
        _pixels = new Rgb[width * height];
        Array.Fill(_pixels, background);
    }

    public int Width { get; }

    public int Height { get; }

    public Rgb this[int x, int y]
    {
        get => _pixels[y * Width + x];
        set => _pixels[y * Width + x] = value;
    }

    /// <summary>Fills the pixels whose centres lie in the rectangle.</summary>
    public void FillRect(double x, double y, double width, double height, Rgb color)
    {
        int x0 = Math.Max(0, (int)Math.Ceiling(x - 0.5)), x1 = Math.Min(Width, (int)Math.Ceiling(x + width - 0.5));
        int y0 = Math.Max(0, (int)Math.Ceiling(y - 0.5)), y1 = Math.Min(Height, (int)Math.Ceiling(y + height - 0.5));
        for (int py = y0; py < y1; py++)
        {
            Array.Fill(_pixels, color, py * Width + x0, Math.Max(0, x1 - x0));
        }
    }

    /// <summary>An anti-aliased polyline of <paramref name="width"/> pixels (a single point draws a dot).</summary>
    public void DrawPolyline(IReadOnlyList<ChartPoint> points, Rgb color, double width)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0) return;
        IEnumerable<(ChartPoint, ChartPoint)> segments = points.Count == 1 ? [(points[0], points[0])] : points.Zip(points.Skip(1));
        Stroke([.. segments], width / 2, color);
    }

    /// <summary>An anti-aliased filled disc.</summary>
    public void FillDisc(double x, double y, double radius, Rgb color) => Stroke([(new(x, y), new(x, y))], radius, color);

    /// <summary>
    /// Text in the bitmap font, glyphs <paramref name="scale"/> pixels per font pixel, baseline through (x, y);
    /// vertical text is turned a quarter counter-clockwise about (x, y).
    /// </summary>
    public void DrawText(double x, double y, string text, int scale, Rgb color, TextAnchor anchor = TextAnchor.Start, bool vertical = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        int length = BitmapFont.Measure(text, scale);
        int start = anchor switch { TextAnchor.Middle => -length / 2, TextAnchor.End => -length, _ => 0 };
        int ox = (int)Math.Round(x), oy = (int)Math.Round(y);
        for (int k = 0; k < text.Length; k++)
        {
            bool[,] glyph = BitmapFont.Glyph(text[k]);
            for (int row = 0; row < BitmapFont.Height * scale; row++)
            {
                for (int col = 0; col < BitmapFont.Width * scale; col++)
                {
                    if (!glyph[row / scale, col / scale]) continue;
                    // (u, v): along the text and down from the baseline, before turning.
                    int u = start + k * BitmapFont.Advance * scale + col, v = row - BitmapFont.Height * scale;
                    Set(vertical ? ox + v : ox + u, vertical ? oy - u - 1 : oy + v, color);
                }
            }
        }
    }

    /// <summary>The canvas as an 8-bit RGB PNG image.</summary>
    public PngImage ToPng()
    {
        var samples = new ushort[_pixels.Length * 3];
        for (int i = 0; i < _pixels.Length; i++)
        {
            (samples[3 * i], samples[3 * i + 1], samples[3 * i + 2]) = (_pixels[i].R, _pixels[i].G, _pixels[i].B);
        }

        return new PngImage(Width, Height, PngColorType.Rgb, 8, samples);
    }

    private void Set(int x, int y, Rgb color)
    {
        if (x >= 0 && y >= 0 && x < Width && y < Height) this[x, y] = color;
    }

    /// <summary>Paints the union of capsules of half-width <paramref name="half"/> around the segments, each pixel once at its best coverage.</summary>
    private void Stroke(IReadOnlyList<(ChartPoint A, ChartPoint B)> segments, double half, Rgb color)
    {
        double reach = half + 1;
        int x0 = Clamp(segments.Min(s => Math.Min(s.A.X, s.B.X)) - reach, Width), x1 = Clamp(segments.Max(s => Math.Max(s.A.X, s.B.X)) + reach, Width);
        int y0 = Clamp(segments.Min(s => Math.Min(s.A.Y, s.B.Y)) - reach, Height), y1 = Clamp(segments.Max(s => Math.Max(s.A.Y, s.B.Y)) + reach, Height);
        int bw = x1 - x0;
        if (bw <= 0 || y1 <= y0) return;
        var cover = new float[bw * (y1 - y0)];
        foreach (var (a, b) in segments)
        {
            int sx0 = Clamp(Math.Min(a.X, b.X) - reach, Width), sx1 = Clamp(Math.Max(a.X, b.X) + reach, Width);
            int sy0 = Clamp(Math.Min(a.Y, b.Y) - reach, Height), sy1 = Clamp(Math.Max(a.Y, b.Y) + reach, Height);
            for (int py = sy0; py < sy1; py++)
            {
                for (int px = sx0; px < sx1; px++)
                {
                    float c = (float)Math.Clamp(half + 0.5 - Distance(px + 0.5, py + 0.5, a, b), 0, 1);
                    ref float slot = ref cover[(py - y0) * bw + px - x0];
                    slot = Math.Max(slot, c);
                }
            }
        }

        for (int py = y0; py < y1; py++)
        {
            for (int px = x0; px < x1; px++)
            {
                float c = cover[(py - y0) * bw + px - x0];
                if (c > 0) this[px, py] = this[px, py].Blend(color, c);
            }
        }
    }

    private static int Clamp(double v, int size) => Math.Clamp((int)Math.Floor(v), 0, size);

    private static double Distance(double x, double y, ChartPoint a, ChartPoint b)
    {
        double dx = b.X - a.X, dy = b.Y - a.Y, length2 = dx * dx + dy * dy;
        double t = length2 == 0 ? 0 : Math.Clamp(((x - a.X) * dx + (y - a.Y) * dy) / length2, 0, 1);
        double ex = a.X + t * dx - x, ey = a.Y + t * dy - y;
        return Math.Sqrt(ex * ex + ey * ey);
    }
}
