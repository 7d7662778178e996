using System.Xml.Linq;
using MLSegmentation.Reporting;
using MLSegmentation.Transforms;

namespace MLSegmentation.Cli.Tests;

public class TrainReportTests
{
    [Test]
    public void TrainAndResumeWriteTheRunReport()
    {
        string folder = Directory.CreateTempSubdirectory("mlseg-report-").FullName;
        try
        {
            var data = Mlseg.Run("synthetic", "--out", Path.Combine(folder, "data"), "--count", "20", "--size", "32", "--classes", "3");
            Assert.That(data.ExitCode, Is.EqualTo(0), data.Error);
            string run = Path.Combine(folder, "run");
            var train = Mlseg.Run("train", "--data", Path.Combine(folder, "data"), "--steps", "6", "--validate-every", "3", "--depth", "2", "--width", "8",
                "--device", "cpu", "--quiet", "--out", run);
            Assert.That(train.ExitCode, Is.EqualTo(0), train.Error);
            Assert.That(train.Output, Does.Contain($"report: {Path.Combine(run, "report.html")}"));

            string html = File.ReadAllText(Path.Combine(run, "report.html"));
            Assert.That(html, Does.Contain("<td>Method</td><td>baseline</td>").And.Contain("<th>Dice</th>").And.Contain(">blob</text>"));
            Assert.That(html, Does.Contain("<td>Classes</td><td>background, blob, shape</td>"), "the classes found in the data");
            Assert.That(html, Does.Not.Contain("MaskCoverageMin").And.Not.Contain("ContextClasses").And.Not.Contain("<td>Classes</td><td>2</td>"),
                "no options of unused methods, no placeholder class count");
            string[] overlays = Directory.GetFiles(Path.Combine(run, "overlays"), "*.png");
            Assert.That(overlays, Has.Length.EqualTo(4), "20 samples × validation fraction 0.2");
            foreach (string overlay in overlays) Assert.That(html, Does.Contain($"<img src=\"overlays/{Path.GetFileName(overlay)}\""));
            Assert.That(PngFile.Read(overlays[0]).Height, Is.GreaterThan(32), "magnified 32×32 slices");
            var svg = XDocument.Load(Path.Combine(run, "curves.svg"));
            Assert.That(svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value), Does.Contain("loss").And.Contain("shape"), "the legends");
            Rgb shape = ClassPalette.Of(2);
            Assert.That(svg.Descendants().Count(e => e.Name.LocalName == "ellipse" && ((string?)e.Attribute("style"))?.Contains($"fill:rgb({shape.R},{shape.G},{shape.B})", StringComparison.Ordinal) == true),
                Is.EqualTo(3), "markers of the validations at steps 3 and 6, and the legend's");
            Assert.That(PngFile.Read(Path.Combine(run, "curves.png")).Width, Is.EqualTo(960));

            File.Delete(Path.Combine(run, "report.html"));
            var resumed = Mlseg.Run("train", "--resume", run, "--quiet");
            Assert.That(resumed.ExitCode, Is.EqualTo(0), resumed.Error);
            Assert.That(File.Exists(Path.Combine(run, "report.html")), Is.True, "--resume writes the report again");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
