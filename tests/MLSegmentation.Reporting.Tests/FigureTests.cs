using System.Xml.Linq;
using MLSegmentation.Reporting.Charts;
using OxyPlot;
using OxyPlot.Series;
using SkiaSharp;

namespace MLSegmentation.Reporting.Tests;

public class FigureTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>A horizontal red line at y = 0.5 from x = 0 to 10 in a chart from 0 to 1.</summary>
    private static Figure Sample()
    {
        var model = new PlotModel { Title = "Flat <line>", DefaultFont = ReportFont.Family, Background = OxyColors.White };
        model.Axes.Add(new OxyPlot.Axes.LinearAxis { Position = OxyPlot.Axes.AxisPosition.Bottom, Title = "step", Minimum = 0, Maximum = 10 });
        model.Axes.Add(new OxyPlot.Axes.LinearAxis { Position = OxyPlot.Axes.AxisPosition.Left, Title = "value", Minimum = 0, Maximum = 1 });
        var flat = new LineSeries { Title = "flat", Color = ClassPalette.Of(1).ToOxyColor(), StrokeThickness = 3 };
        flat.Points.AddRange(Enumerable.Range(0, 11).Select(x => new DataPoint(x, 0.5)));
        model.Series.Add(flat);
        return new Figure([model]);
    }

    [Test]
    public void TheCurvesSvgIsWellFormedWithTitlesAxisLabelsAndLegend()
    {
        using var run = new FakeRun();
        XDocument svg = XDocument.Load(run.Files.CurvesSvg);
        Assert.That(svg.Root!.Name, Is.EqualTo(Svg + "svg"));
        Assert.That((svg.Root.Attribute("width")!.Value, svg.Root.Attribute("height")!.Value), Is.EqualTo(("960", "360")));
        var texts = svg.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.That(texts, Does.Contain("Training loss").And.Contain("Validation Dice").And.Contain("step").And.Contain("loss").And.Contain("Dice"));
        Assert.That(texts, Does.Contain("smoothed").And.Contain("blob").And.Contain("shape"), "the legends");
        Assert.That(svg.Descendants(Svg + "text").Select(t => (string?)t.Attribute("font-family")).Distinct(), Is.EqualTo(new[] { "DejaVu Sans" }));
        string blob = $"stroke:rgb({ClassPalette.Of(1).R},{ClassPalette.Of(1).G},{ClassPalette.Of(1).B})";
        Assert.That(svg.Descendants(Svg + "polyline").Count(p => ((string?)p.Attribute("style"))?.Contains(blob, StringComparison.Ordinal) == true),
            Is.GreaterThanOrEqualTo(1), "the Dice line of class 1 in its palette colour");
    }

    [Test]
    public void TheCurvesPngDecodesToTheFigureSizeWithTextAndColouredLines()
    {
        using var run = new FakeRun();
        using SKBitmap png = SKBitmap.Decode(run.Files.CurvesPng);
        Assert.That((png.Width, png.Height), Is.EqualTo((960, 360)));
        var colours = new HashSet<Rgb>();
        for (int y = 0; y < png.Height; y += 2)
        {
            for (int x = 0; x < png.Width; x += 2) colours.Add(png.At(x, y));
        }

        Assert.That(colours, Has.Count.GreaterThan(20), "lines, grid, anti-aliased text");
        Assert.That(colours, Does.Contain(ClassPalette.Of(1)).And.Contain(ClassPalette.Of(2)), "the Dice lines in the palette colours");
        Assert.That(png.Ink(new SKRectI(140, 0, 340, 30), Rgb.White), Is.GreaterThan(100), "the loss chart's title");
        Assert.That(png.Ink(new SKRectI(620, 0, 820, 30), Rgb.White), Is.GreaterThan(100), "the Dice chart's title");
        Assert.That(png.Ink(new SKRectI(0, 0, 100, 8), Rgb.White), Is.Zero, "the margin");
    }

    [Test]
    public void SvgAndPngDrawTheLineAtTheSamePlace()
    {
        Figure figure = Sample();
        XElement line = figure.ToSvg().Descendants(Svg + "polyline").Single(p => ((string?)p.Attribute("style"))?.Contains("stroke-width:3", StringComparison.Ordinal) == true);
        string[] points = line.Attribute("points")!.Value.Split(' ');
        Assert.That(points.Select(p => p.Split(',')[1]).Distinct().Count(), Is.EqualTo(1), "a horizontal line");
        double y = double.Parse(points[0].Split(',')[1], System.Globalization.CultureInfo.InvariantCulture);
        double x = double.Parse(points[5].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture);
        using SKBitmap png = figure.ToBitmap();
        Assert.That((png.Width, png.Height), Is.EqualTo((480, 360)));
        Assert.That(png.At((int)x, (int)y), Is.EqualTo(ClassPalette.Of(1)), "on the line");
        Assert.That(png.At((int)x, (int)y - 12), Is.Not.EqualTo(ClassPalette.Of(1)), "above the line");
        Assert.That(figure.ToSvg().Descendants(Svg + "text").Select(t => t.Value), Does.Contain("Flat <line>"), "text is escaped in the SVG");
    }

    [Test]
    public void AFigureNeedsAChart() => Assert.That(() => new Figure([]), Throws.ArgumentException);
}
