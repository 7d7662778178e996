using System.Globalization;
using System.Xml.Linq;
using MLSegmentation.Reporting.Charts;
using MLSegmentation.Transforms;

namespace MLSegmentation.Reporting.Tests;

public class FigureTests
{
    private static readonly Rgb Red = new(230, 25, 75);
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>A horizontal line at y = 0.5 from x = 0 to 10 in a 0..1 chart, and a two-point rising line.</summary>
    private static Figure Sample() => new(
    [
        new Chart("Flat <line>", "step", "value",
        [
            new ChartSeries("flat", [.. Enumerable.Range(0, 11).Select(x => new ChartPoint(x, 0.5))], Red) { LineWidth = 2 },
            new ChartSeries("rise", [new(0, 0), new(10, 1)], new Rgb(0, 130, 200)),
        ]) { YRange = (0, 1) },
    ]);

    [Test]
    public void SvgIsWellFormedWithOnePolylinePerSeriesAndItsPoints()
    {
        Figure figure = Sample();
        XDocument svg = XDocument.Parse(figure.ToSvg().ToString());
        Assert.That(svg.Root!.Name, Is.EqualTo(Svg + "svg"));
        Assert.That(svg.Root.Attribute("width")!.Value, Is.EqualTo("480"));
        var flat = svg.Descendants(Svg + "polyline").Where(p => (string?)p.Attribute("data-series") == "flat").ToList();
        Assert.That(flat, Has.Count.EqualTo(1));
        string[] points = flat[0].Attribute("points")!.Value.Split(' ');
        Assert.That(points, Has.Length.EqualTo(11));

        var (left, top, right, bottom) = ChartLayout.PlotArea(figure.Panels[0], 0, figure.PanelWidth, figure.Height);
        double[] first = [.. points[0].Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture))], last = [.. points[^1].Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture))];
        Assert.That(first[0], Is.EqualTo(left).Within(0.01));
        Assert.That(last[0], Is.EqualTo(right).Within(0.01));
        Assert.That(first[1], Is.EqualTo((top + bottom) / 2).Within(0.01), "y = 0.5 is half-way up a 0..1 axis");
        Assert.That(points.Select(p => p.Split(',')[1]).Distinct().Count(), Is.EqualTo(1));
        Assert.That(svg.Descendants(Svg + "polyline").Count(p => (string?)p.Attribute("data-series") == "rise"), Is.EqualTo(1));
    }

    [Test]
    public void SvgHasTitleTickLabelsAndLegendAsText()
    {
        var texts = Sample().ToSvg().Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.That(texts, Does.Contain("Flat <line>").And.Contain("0.2").And.Contain("1.0").And.Contain("step").And.Contain("value")
            .And.Contain("flat").And.Contain("rise"));
        Assert.That(texts, Does.Contain("0").And.Contain("10"), "x ticks");
    }

    [Test]
    public void PngDecodesToTheFigureSizeWithTheLineWhereTheSvgHasIt()
    {
        Figure figure = Sample();
        string path = Path.Combine(Path.GetTempPath(), $"mlseg-figure-{Guid.NewGuid():N}.png");
        try
        {
            figure.WritePng(path);
            Image png = PngFile.ReadImage(path);
            Assert.That((png.Channels, png.Width, png.Height), Is.EqualTo((3, 480, 360)));

            var (left, top, right, bottom) = ChartLayout.PlotArea(figure.Panels[0], 0, figure.PanelWidth, figure.Height);
            int x = (int)(left + (right - left) * 0.35), y = (int)((top + bottom) / 2);
            Assert.That(Pixel(png, x, y), Is.EqualTo(Red), "on the flat line");
            Assert.That(Pixel(png, x, y - 12), Is.EqualTo(Rgb.White), "above the line, between grid lines");
            Assert.That(Pixel(png, x, y + 12), Is.EqualTo(Rgb.White), "below the line, between grid lines");
            Assert.That(Pixel(png, 2, 2), Is.EqualTo(Rgb.White), "the margin");
            int titleInk = Enumerable.Range(180, 120).Sum(px => Enumerable.Range(8, 14).Count(py => Pixel(png, px, py) != Rgb.White));
            Assert.That(titleInk, Is.GreaterThan(30), "the title is drawn in the bitmap font");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void AFigureWithoutDataStillHasAxes()
    {
        var figure = new Figure([new Chart("empty", "x", "y", [])]);
        Assert.That(figure.ToSvg().Descendants(Svg + "text").Select(t => t.Value), Does.Contain("0.0").And.Contain("1.0"));
        Assert.That(figure.ToPng().Width, Is.EqualTo(480));
    }

    private static Rgb Pixel(Image image, int x, int y) =>
        new((byte)image[0, y, x], (byte)image[1, y, x], (byte)image[2, y, x]);
}
