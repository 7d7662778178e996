namespace MLSegmentation.Reporting.Charts;

/// <summary>What a layout produces and a renderer draws; coordinates in pixels, origin top left.</summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Shapes">The shapes, painted in order.</param>
internal sealed record Scene(int Width, int Height, IReadOnlyList<Shape> Shapes);

/// <summary>A drawable element of a <see cref="Scene"/>.</summary>
internal abstract record Shape;

/// <summary>A filled axis-aligned rectangle.</summary>
internal sealed record RectShape(double X, double Y, double Width, double Height, Rgb Fill) : Shape;

/// <summary>An open polyline; <paramref name="Series"/> names the data series it draws, if any.</summary>
internal sealed record LineShape(IReadOnlyList<ChartPoint> Points, Rgb Stroke, double Width, string? Series = null) : Shape;

/// <summary>A filled disc (a marker of a series point).</summary>
internal sealed record DotShape(double X, double Y, double Radius, Rgb Fill, string? Series = null) : Shape;

/// <summary>Where a text's anchor point sits along it.</summary>
internal enum TextAnchor
{
    Start,
    Middle,
    End,
}

/// <summary>
/// One line of text whose baseline passes through (X, Y), placed along it by <paramref name="Anchor"/>;
/// vertical text reads bottom to top. Monospaced: each character advances <see cref="Advance"/> × size.
/// </summary>
internal sealed record TextShape(double X, double Y, string Text, double Size, Rgb Color, TextAnchor Anchor = TextAnchor.Start, bool Vertical = false) : Shape
{
    /// <summary>The advance of a character as a share of the font size (monospaced fonts' 0.6 em).</summary>
    public const double Advance = 0.6;

    /// <summary>The width the layout reserves for <paramref name="text"/> at <paramref name="size"/>.</summary>
    public static double Measure(string text, double size) => text.Length * size * Advance;
}
