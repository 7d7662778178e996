using MLSegmentation.Reporting.Overlays;
using MLSegmentation.Transforms;
using SkiaSharp;

namespace MLSegmentation.Reporting.Tests;

public class MaskOverlayTests
{
    /// <summary>An 8×8 image whose value is its column (0..7), truth class 1 in rows and columns 2..5, prediction class 2 in rows 0..3, columns 0..3.</summary>
    private static OverlaySample Square()
    {
        var image = new Image(1, [8, 8], [.. Enumerable.Range(0, 64).Select(i => (float)(i % 8))]);
        var truth = new LabelMap([8, 8], [.. Enumerable.Range(0, 64).Select(i => i / 8 is >= 2 and <= 5 && i % 8 is >= 2 and <= 5 ? 1 : 0)]);
        var prediction = new LabelMap([8, 8], [.. Enumerable.Range(0, 64).Select(i => i / 8 <= 3 && i % 8 <= 3 ? 2 : 0)]);
        return new OverlaySample("case 1", image, truth, prediction);
    }

    private static Rgb Grey(int column) => Rgb.Grey((byte)Math.Round(255 * column / 7.0));

    [Test]
    public void PanelsShowTheWindowedImageAndTheMasksInPaletteColours()
    {
        using SKBitmap canvas = MaskOverlay.Render(Square());
        int m = MaskOverlay.Magnification(8, 8);
        Assert.That(m, Is.EqualTo(8));
        Assert.That((canvas.Width, canvas.Height), Is.EqualTo((4 * MaskOverlay.Gap + 3 * 8 * m, MaskOverlay.Header + 8 * m + MaskOverlay.Gap)));
        Rgb At(int panel, int x, int y)
        {
            var (x0, y0) = MaskOverlay.PanelOrigin(panel, 8, m);
            return canvas.At(x0 + x * m + m / 2, y0 + y * m + m / 2);
        }

        Assert.That(At(0, 0, 3), Is.EqualTo(Rgb.Black), "the darkest value is black");
        Assert.That(At(0, 7, 3), Is.EqualTo(Rgb.White), "the brightest value is white");
        Assert.That(At(0, 3, 3), Is.EqualTo(Grey(3)), "no mask on the image panel");
        Assert.That(At(1, 3, 3), Is.EqualTo(Grey(3).Blend(ClassPalette.Of(1), MaskOverlay.FillOpacity)), "truth interior: translucent class 1");
        Assert.That(At(1, 2, 3), Is.EqualTo(ClassPalette.Of(1)), "truth outline: opaque class 1");
        Assert.That(At(1, 6, 6), Is.EqualTo(Grey(6)), "outside the truth");
        Assert.That(At(2, 1, 1), Is.EqualTo(Grey(1).Blend(ClassPalette.Of(2), MaskOverlay.FillOpacity)), "prediction interior: class 2");
        Assert.That(At(2, 3, 1), Is.EqualTo(ClassPalette.Of(2)), "prediction outline");
        Assert.That(At(2, 5, 5), Is.EqualTo(Grey(5)), "outside the prediction");
    }

    [Test]
    public void PanelTitlesAreDrawnWithTheEmbeddedFont()
    {
        Assert.That(ReportFont.Typeface.FamilyName, Is.EqualTo("DejaVu Sans"));
        using SKBitmap picture = MaskOverlay.Render(Square());
        using SKFont font = ReportFont.Font(MaskOverlay.TitleSize);
        Rgb background = picture.At(0, 0);
        string[] titles = ["image", "truth", "prediction"];
        for (int panel = 0; panel < 3; panel++)
        {
            int x0 = MaskOverlay.PanelOrigin(panel, 8, 8).X;
            var strip = new SKRectI(x0, 0, x0 + 64, MaskOverlay.Header);
            Assert.That(picture.Ink(strip, background), Is.GreaterThan(30), $"glyph pixels of '{titles[panel]}'");
            int right = Enumerable.Range(x0, 64).Last(x => picture.Ink(new SKRectI(x, 0, x + 1, MaskOverlay.Header), background) > 0);
            Assert.That(right - x0 + 1, Is.EqualTo(ReportFont.Advance(font, titles[panel])).Within(3), $"'{titles[panel]}' is as wide as the font sets it");
        }

        var between = new SKRectI(MaskOverlay.PanelOrigin(1, 8, 8).X - MaskOverlay.Gap, 0, MaskOverlay.PanelOrigin(1, 8, 8).X, MaskOverlay.Header);
        Assert.That(picture.Ink(between, background), Is.Zero, "no text between the panels");
        var shades = new HashSet<Rgb>();
        for (int x = 0; x < 64; x++)
        {
            for (int y = 0; y < MaskOverlay.Header; y++) shades.Add(picture.At(MaskOverlay.Gap + x, y));
        }

        Assert.That(shades, Has.Count.GreaterThan(4), "anti-aliased outline glyphs, not a two-colour bitmap font");
    }

    [Test]
    public void WithoutTruthThePictureIsImageAndPrediction()
    {
        using SKBitmap canvas = MaskOverlay.Render(Square() with { Truth = null });
        int m = MaskOverlay.Magnification(8, 8);
        Assert.That(canvas.Width, Is.EqualTo(3 * MaskOverlay.Gap + 2 * 8 * m), "two panels");
        var (x0, y0) = MaskOverlay.PanelOrigin(1, 8, m);
        Assert.That(canvas.At(x0 + 1 * m + m / 2, y0 + 1 * m + m / 2), Is.EqualTo(Grey(1).Blend(ClassPalette.Of(2), MaskOverlay.FillOpacity)), "the second panel is the prediction");
        Assert.That(canvas.At(x0 + 5 * m + m / 2, y0 + 5 * m + m / 2), Is.EqualTo(Grey(5)), "outside the prediction");
    }

    [Test]
    public void VolumesWithoutTruthShowTheSliceWithTheMostPredictedForeground()
    {
        var prediction = new LabelMap([3, 2, 2], [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0]);
        var image = new Image(1, [3, 2, 2], [.. Enumerable.Range(0, 12).Select(i => (float)(i % 4))]);
        using SKBitmap canvas = MaskOverlay.Render(new OverlaySample("vol", image, null, prediction));
        int m = MaskOverlay.Magnification(2, 2);
        var (x0, y0) = MaskOverlay.PanelOrigin(1, 2, m);
        Assert.That(canvas.At(x0 + m / 2, y0 + m / 2), Is.EqualTo(ClassPalette.Of(1)), "slice 2's predicted foreground (its outline)");
        Assert.That(canvas.At(x0 + m / 2, y0 + m + m / 2), Is.EqualTo(Rgb.Grey(170)), "slice 2's intensity 2 of 0..3, no label");
    }

    [Test]
    public void VolumesShowTheSliceWithTheMostTrueForeground()
    {
        var truth = new LabelMap([4, 2, 2], [0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0]);
        Assert.That(MaskOverlay.Slice(truth), Is.EqualTo(2));
        Assert.That(MaskOverlay.Slice(new LabelMap([5, 2, 2])), Is.EqualTo(2), "the middle slice when there is no foreground");
        var sample = new OverlaySample("vol", new Image(1, [4, 2, 2], [.. Enumerable.Range(0, 16).Select(i => (float)i)]), truth, new LabelMap([4, 2, 2]));
        using SKBitmap picture = MaskOverlay.Render(sample);
        Assert.That(picture.Width, Is.EqualTo(4 * MaskOverlay.Gap + 3 * 2 * 8));
    }

    [Test]
    public void MismatchedSizesAreRefusedNamingTheSample()
    {
        OverlaySample sample = Square() with { Prediction = new LabelMap([4, 4]) };
        Assert.That(() => MaskOverlay.Render(sample), Throws.ArgumentException.With.Message.Contains("case 1").And.Message.Contains("4x4"));
    }

    [Test]
    public void ChoiceIsSpreadAndStable()
    {
        Assert.That(MaskOverlay.Choose(40), Is.EqualTo(new[] { 0, 5, 10, 15, 20, 25, 30, 35 }));
        Assert.That(MaskOverlay.Choose(3), Is.EqualTo(new[] { 0, 1, 2 }));
        Assert.That(MaskOverlay.Choose(0), Is.Empty);
    }

    [Test]
    public void WriteNamesFilesAfterSafeIds()
    {
        string folder = Directory.CreateTempSubdirectory("mlseg-overlays-").FullName;
        try
        {
            List<string> names = MaskOverlay.Write(folder, [Square(), Square() with { Id = "../b/c" }]);
            Assert.That(names, Is.EqualTo(new[] { "00-case_1.png", "01-.._b_c.png" }));
            PngImage png = PngFile.Read(Path.Combine(folder, names[0]));
            Assert.That((png.ColorType, png.Width), Is.EqualTo((PngColorType.Rgb, 4 * MaskOverlay.Gap + 3 * 64)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
