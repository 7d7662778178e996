using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;
using MLSegmentation.Reporting.Overlays;

namespace MLSegmentation.Reporting;

/// <summary>The page of a <see cref="RunReport"/>: static HTML with inline CSS and the curves as inline SVG; every text escaped.</summary>
internal static class RunReportHtml
{
    private const string Style = """
        body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
        table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.9em; }
        th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: right; white-space: nowrap; }
        th:first-child, td:first-child { text-align: left; }
        caption { font-weight: bold; text-align: left; }
        div.configuration { display: flex; flex-wrap: wrap; align-items: flex-start; gap: 0 1.5em; }
        div.configuration td { text-align: left; font-family: monospace; }
        .legend span.swatch { display: inline-block; width: 1em; height: 1em; margin: 0 0.3em 0 1em; vertical-align: middle; border: 1px solid #444; }
        figure { display: inline-block; margin: 0.5em; }
        figcaption { font-size: 0.85em; color: #555; }
        pre { font-size: 0.85em; }
        div.scroll { overflow-x: auto; }
        """;

    public static string Render(RunReport report, XDocument curves, IReadOnlyList<(string Source, OverlaySample Sample)> overlays)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Escape(report.Title))
            .Append("</title>\n<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n<h1>").Append(Escape(report.Title)).Append("</h1>\n");

        html.Append("<h2>Configuration</h2>\n<div class=\"configuration\">\n");
        foreach (var group in report.Configuration.GroupBy(row => Section(row.Key)))
        {
            html.Append("<table>");
            if (group.Key.Length > 0) html.Append("<caption>").Append(Escape(group.Key)).Append("</caption>");
            html.Append('\n');
            foreach (var (name, value) in group) Row(html, "td", [group.Key.Length > 0 ? name[(group.Key.Length + 1)..] : name, value]);
            html.Append("</table>\n");
        }

        html.Append("</div>\n");

        if (report.Metrics is { } metrics)
        {
            html.Append("<h2>Metrics</h2>\n<div class=\"scroll\"><table class=\"metrics\">\n");
            IReadOnlyList<IReadOnlyList<string>> cells = metrics.ToCells();
            for (int r = 0; r < cells.Count; r++) Row(html, r == 0 ? "th" : "td", cells[r]);
            html.Append("</table></div>\n<pre>");
            foreach (string line in metrics.ToSummaryLines()) html.Append(Escape(line)).Append('\n');
            html.Append("</pre>\n");
        }

        html.Append("<h2>Training curves</h2>\n").Append(curves.Root).Append('\n')
            .Append("<p><a href=\"").Append(RunReport.CurvesSvg).Append("\">SVG</a> · <a href=\"").Append(RunReport.CurvesPng).Append("\">PNG</a></p>\n");

        html.Append("<h2>Overlays</h2>\n<p class=\"legend\">image | truth | prediction;");
        for (int c = 1; c < report.ClassNames.Count; c++)
        {
            html.Append("<span class=\"swatch\" style=\"background:").Append(ClassPalette.Of(c).ToHex()).Append("\"></span>").Append(Escape(report.ClassNames[c]));
        }

        html.Append("</p>\n");
        foreach (var (source, sample) in overlays)
        {
            html.Append("<figure><img src=\"").Append(Escape(source)).Append("\" alt=\"").Append(Escape($"overlay of {sample.Id}"))
                .Append("\"><figcaption>").Append(Escape(sample.Id)).Append("</figcaption></figure>\n");
        }

        if (overlays.Count == 0) html.Append("<p>No validation samples.</p>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p><small>Written {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by MLSegmentation.</small></p>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>The text with <c>&amp; &lt; &gt; " '</c> as character references, safe in element content and quoted attributes.</summary>
    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    /// <summary>The part of a dotted name before its first dot ("" for a plain name).</summary>
    private static string Section(string name) => name.IndexOf('.', StringComparison.Ordinal) is var dot and > 0 ? name[..dot] : "";

    private static void Row(StringBuilder html, string cell, IEnumerable<string> values)
    {
        html.Append("<tr>");
        foreach (string value in values) html.Append('<').Append(cell).Append('>').Append(Escape(value)).Append("</").Append(cell).Append('>');
        html.Append("</tr>\n");
    }
}
