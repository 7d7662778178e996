using SkiaSharp;

namespace MLSegmentation.Reporting;

/// <summary>
/// The typeface of every text the report draws into pixels (the curves' PNG, the overlay captions): DejaVu Sans,
/// embedded in this assembly (licence in <c>Fonts/DejaVuSans-LICENSE.txt</c>). SkiaSharp's Linux build without
/// fontconfig only finds fonts under <c>/usr/share/fonts</c>, so on a machine without them its default typeface has
/// no glyphs.
/// </summary>
internal static class ReportFont
{
    private const string Resource = "MLSegmentation.Reporting.DejaVuSans.ttf";

    /// <summary>The embedded typeface, loaded once.</summary>
    public static SKTypeface Typeface { get; } = Load();

    /// <summary>The typeface's family name (what the SVG asks the browser for).</summary>
    public static string Family => Typeface.FamilyName;

    /// <summary>The typeface at <paramref name="size"/> pixels; bold is synthesised, as only the regular face ships.</summary>
    public static SKFont Font(double size, bool bold = false) =>
        new(Typeface, (float)size) { Embolden = bold, Edging = SKFontEdging.Antialias, Subpixel = true };

    /// <summary>How far <paramref name="text"/> advances in <paramref name="font"/>, in pixels.</summary>
    public static float Advance(SKFont font, string text)
    {
        var glyphs = new ushort[font.CountGlyphs(text)];
        font.GetGlyphs(text, glyphs);
        return font.MeasureText(glyphs);
    }

    private static SKTypeface Load()
    {
        using Stream stream = typeof(ReportFont).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"the assembly lacks its font resource {Resource}");
        using SKData data = SKData.Create(stream);
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException($"{Resource} is not a font SkiaSharp reads");
    }
}
