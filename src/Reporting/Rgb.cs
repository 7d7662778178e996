using System.Globalization;
using OxyPlot;
using SkiaSharp;

namespace MLSegmentation.Reporting;

/// <summary>An opaque 8-bit colour.</summary>
/// <param name="R">Red.</param>
/// <param name="G">Green.</param>
/// <param name="B">Blue.</param>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    /// <summary>White.</summary>
    public static Rgb White => new(255, 255, 255);

    /// <summary>Black.</summary>
    public static Rgb Black => new(0, 0, 0);

    /// <summary>A grey of level <paramref name="level"/>.</summary>
    public static Rgb Grey(byte level) => new(level, level, level);

    /// <summary>The colour as CSS/SVG hex, e.g. <c>#e6194b</c>.</summary>
    public string ToHex() => string.Create(CultureInfo.InvariantCulture, $"#{R:x2}{G:x2}{B:x2}");

    /// <summary>The colour for OxyPlot.</summary>
    internal OxyColor ToOxyColor() => OxyColor.FromRgb(R, G, B);

    /// <summary>The colour for SkiaSharp.</summary>
    internal SKColor ToSKColor() => new(R, G, B);

    /// <summary><paramref name="alpha"/> of <paramref name="over"/> blended over this colour (alpha in [0, 1]).</summary>
    public Rgb Blend(Rgb over, double alpha) => new(Mix(R, over.R, alpha), Mix(G, over.G, alpha), Mix(B, over.B, alpha));

    private static byte Mix(byte under, byte over, double alpha) =>
        (byte)Math.Round(under + (over - under) * Math.Clamp(alpha, 0, 1), MidpointRounding.AwayFromZero);
}
