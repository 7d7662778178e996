using MLSegmentation.Reporting.Charts;
using MLSegmentation.Reporting.Raster;

namespace MLSegmentation.Reporting.Tests;

public class RasterCanvasTests
{
    private static readonly Rgb Ink = new(10, 20, 30);

    [Test]
    public void AOnePixelLineOnAPixelCentreCoversOneRow()
    {
        var canvas = new RasterCanvas(20, 20, Rgb.White);
        canvas.DrawPolyline([new(2, 10.5), new(18, 10.5)], Ink, 1);
        Assert.That(canvas[10, 10], Is.EqualTo(Ink));
        Assert.That(canvas[10, 9], Is.EqualTo(Rgb.White));
        Assert.That(canvas[10, 11], Is.EqualTo(Rgb.White));
    }

    [Test]
    public void ADiagonalLineIsAntiAliased()
    {
        var canvas = new RasterCanvas(20, 20, Rgb.White);
        canvas.DrawPolyline([new(0, 0), new(20, 7)], Ink, 1.5);
        var greys = Enumerable.Range(0, 20).SelectMany(x => Enumerable.Range(0, 20).Select(y => canvas[x, y]))
            .Where(c => c != Rgb.White && c != Ink).ToList();
        Assert.That(greys, Is.Not.Empty, "edge pixels are blended");
    }

    [Test]
    public void RectanglesFillThePixelsWhoseCentresTheyHold()
    {
        var canvas = new RasterCanvas(10, 10, Rgb.White);
        canvas.FillRect(2, 3, 4, 2, Ink);
        Assert.That(canvas[2, 3], Is.EqualTo(Ink));
        Assert.That(canvas[5, 4], Is.EqualTo(Ink));
        Assert.That(canvas[6, 4], Is.EqualTo(Rgb.White));
        Assert.That(canvas[2, 5], Is.EqualTo(Rgb.White));
    }

    [Test]
    public void TextSitsOnItsBaselineAndTurnsWhenVertical()
    {
        var canvas = new RasterCanvas(40, 40, Rgb.White);
        canvas.DrawText(5, 20, "I", 1, Ink);
        // "I": a bar of three at the top row, the stem in the middle column, rows 13..19 above the baseline at 20.
        Assert.That(canvas[6, 13], Is.EqualTo(Ink));
        Assert.That(canvas[7, 16], Is.EqualTo(Ink));
        Assert.That(canvas[5, 16], Is.EqualTo(Rgb.White));
        Assert.That(canvas[7, 20], Is.EqualTo(Rgb.White), "nothing under the baseline");

        var turned = new RasterCanvas(40, 40, Rgb.White);
        turned.DrawText(20, 30, "-", 1, Ink, vertical: true);
        // "-" is a row of five at row 3; turned, it is a column at x = 20 + (3 - 7), from y = 29 up.
        Assert.That(Enumerable.Range(25, 5).Select(y => turned[16, y]), Is.All.EqualTo(Ink));
        Assert.That(turned[17, 27], Is.EqualTo(Rgb.White));
    }

    [Test]
    public void EveryPrintableCharacterHasItsOwnGlyph()
    {
        var glyphs = Enumerable.Range(33, 94).Select(c => string.Concat(BitmapFont.Glyph((char)c).Cast<bool>().Select(b => b ? '#' : '.'))).ToList();
        Assert.That(glyphs.Distinct().Count(), Is.EqualTo(94));
        Assert.That(BitmapFont.Glyph(' ').Cast<bool>(), Is.All.False);
        Assert.That(BitmapFont.Glyph('±'), Is.EqualTo(BitmapFont.Glyph('\u2603')), "characters outside ASCII draw as the same box");
        Assert.That(BitmapFont.Measure("abc", 2), Is.EqualTo(34));
    }

    [Test]
    public void TheRasterRendererDrawsEveryShapeOfAScene()
    {
        var scene = new Scene(30, 30,
        [
            new RectShape(0, 0, 30, 30, Rgb.Grey(200)),
            new LineShape([new(0, 5.5), new(30, 5.5)], Ink, 1),
            new DotShape(15, 15, 3, Ink),
            new TextShape(2, 28, "1", 11, Ink),
        ]);
        RasterCanvas canvas = RasterRenderer.Render(scene);
        Assert.That(canvas[20, 5], Is.EqualTo(Ink));
        Assert.That(canvas[15, 15], Is.EqualTo(Ink));
        Assert.That(canvas[25, 25], Is.EqualTo(Rgb.Grey(200)));
        Assert.That(Enumerable.Range(2, 5).Count(x => canvas[x, 27] == Ink), Is.GreaterThan(0), "the digit's foot");
    }
}
