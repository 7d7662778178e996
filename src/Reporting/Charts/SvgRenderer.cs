using System.Globalization;
using System.Xml.Linq;

namespace MLSegmentation.Reporting.Charts;

/// <summary>Writes a <see cref="Scene"/> as SVG: rectangles, polylines (with <c>data-series</c> naming their series), circles and text.</summary>
internal static class SvgRenderer
{
    public static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static XDocument Render(Scene scene)
    {
        var root = new XElement(Svg + "svg",
            new XAttribute("width", scene.Width), new XAttribute("height", scene.Height),
            new XAttribute("viewBox", $"0 0 {scene.Width} {scene.Height}"),
            new XAttribute("font-family", "DejaVu Sans Mono, Menlo, Consolas, monospace"));
        root.Add(scene.Shapes.Select(Element));
        return new XDocument(root);
    }

    private static XElement Element(Shape shape) => shape switch
    {
        RectShape r => new XElement(Svg + "rect", Attr("x", r.X), Attr("y", r.Y), Attr("width", r.Width), Attr("height", r.Height),
            new XAttribute("fill", r.Fill.ToHex())),
        LineShape l => WithSeries(new XElement(Svg + "polyline",
            new XAttribute("points", string.Join(" ", l.Points.Select(p => $"{Number(p.X)},{Number(p.Y)}"))),
            new XAttribute("fill", "none"), new XAttribute("stroke", l.Stroke.ToHex()), Attr("stroke-width", l.Width),
            new XAttribute("stroke-linejoin", "round")), l.Series),
        DotShape d => WithSeries(new XElement(Svg + "circle", Attr("cx", d.X), Attr("cy", d.Y), Attr("r", d.Radius),
            new XAttribute("fill", d.Fill.ToHex())), d.Series),
        TextShape t => Text(t),
        _ => throw new ArgumentException($"no SVG for {shape.GetType().Name}", nameof(shape)),
    };

    private static XElement Text(TextShape t)
    {
        var text = new XElement(Svg + "text", t.Text, Attr("x", t.X), Attr("y", t.Y), Attr("font-size", t.Size),
            new XAttribute("fill", t.Color.ToHex()));
        if (t.Anchor != TextAnchor.Start) text.Add(new XAttribute("text-anchor", t.Anchor == TextAnchor.Middle ? "middle" : "end"));
        if (t.Vertical) text.Add(new XAttribute("transform", $"rotate(-90 {Number(t.X)} {Number(t.Y)})"));
        return text;
    }

    private static XElement WithSeries(XElement element, string? series)
    {
        if (series is not null) element.Add(new XAttribute("data-series", series));
        return element;
    }

    private static XAttribute Attr(string name, double value) => new(name, Number(value));

    private static string Number(double v) => Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture);
}
