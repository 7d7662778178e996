using System.Xml.Linq;
using MLSegmentation.Transforms;

namespace MLSegmentation.Reporting.Tests;

public class RunReportTests
{
    [Test]
    public void WriteProducesCurvesOverlaysAndAPageThatLinksThemRelatively()
    {
        using var run = new FakeRun();
        Assert.That(Path.GetFileName(run.Files.Html), Is.EqualTo("report.html"));
        Assert.That(File.Exists(run.Files.CurvesSvg) && File.Exists(run.Files.CurvesPng), Is.True);
        Assert.That(run.Files.Overlays.Select(Path.GetFileName), Is.EqualTo(new[] { "00-case_0.png", "01-case_1.png", "02-case_2.png" }));
        Assert.That(XDocument.Load(run.Files.CurvesSvg).Root!.Name.LocalName, Is.EqualTo("svg"));
        Assert.That(PngFile.Read(run.Files.CurvesPng).Width, Is.EqualTo(960));

        string html = run.Html;
        Assert.That(html, Does.StartWith("<!DOCTYPE html>"));
        Assert.That(html, Does.Contain("<img src=\"overlays/00-case_0.png\"").And.Contain("<img src=\"overlays/02-case_2.png\""));
        Assert.That(html, Does.Contain("<svg").And.Contain(">blob</text>").And.Contain(">smoothed</text>"), "the curves inline, with their legends");
        Assert.That(html, Does.Not.Contain("<?xml"), "no XML declaration inside the page");
        Assert.That(html, Does.Contain("<caption>Training</caption>").And.Contain("<td>Steps</td><td>40</td>").And.Contain("<td>Size</td><td>[32, 32]</td>"));
        Assert.That(html, Does.Contain("<th>Dice</th>").And.Contain("<td>blob</td>").And.Contain("mean Dice"));
        Assert.That(html, Does.Contain($"background:{ClassPalette.Of(2).ToHex()}\"></span>shape"));
        Assert.That(html, Does.Not.Match("(src|href)=\"[a-z]+:").And.Not.Contain("<link").And.Not.Match(@"url\((?!#)").And.Not.Contain("<script"),
            "only relative links and the SVG's own clip paths, no script");
        Assert.That(Directory.GetFiles(run.Folder, "*.tmp", SearchOption.AllDirectories), Is.Empty, "no temporary files left");
    }

    [Test]
    public void EveryStringIsEscaped()
    {
        using var run = new FakeRun("<script>alert('x')</script> & \"more\"", "background", "<b>blob</b>", "a&b");
        string html = run.Html;
        Assert.That(html, Does.Not.Contain("<script>").And.Not.Contain("<b>blob</b>"));
        Assert.That(html, Does.Contain("<title>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;</title>"));
        Assert.That(html, Does.Contain("</span>&lt;b&gt;blob&lt;/b&gt;").And.Contain("<td>a&amp;b</td>"));
        Assert.That(RunReportHtml.Escape("x<y>\"'&"), Is.EqualTo("x&lt;y&gt;&quot;&#39;&amp;"));
    }

    [Test]
    public void ConfigurationFlattensNestedObjects()
    {
        var rows = RunReport.ConfigurationFromJson("""{ "a": 1, "b": { "c": "text", "d": { "e": null } }, "f": [1, 2] }""");
        Assert.That(rows.Select(r => $"{r.Key}={r.Value}"), Is.EqualTo(new[] { "a=1", "b.c=text", "b.d.e=null", "f=[1, 2]" }));
        Assert.That(() => RunReport.ConfigurationFromJson("[1]"), Throws.InstanceOf<System.Text.Json.JsonException>());
    }
}
