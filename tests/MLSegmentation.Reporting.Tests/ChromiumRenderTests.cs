using System.Globalization;
using System.Text.RegularExpressions;
using MLSegmentation.Transforms;

namespace MLSegmentation.Reporting.Tests;

/// <summary>The report opens from disk in a real browser: its tables, inline chart and every image render.</summary>
public partial class ChromiumRenderTests
{
    // Run after the load event (images decoded): what the page holds, written into the DOM for --dump-dom.
    private const string Probe = """
        <script>
        window.addEventListener('load', () => {
          const images = Array.from(document.images);
          const probe = document.createElement('pre');
          probe.id = 'probe';
          probe.textContent = 'tables=' + document.querySelectorAll('table').length
            + ' images=' + images.length
            + ' loaded=' + images.filter(i => i.complete && i.naturalWidth > 0).length
            + ' series=' + Array.from(document.querySelectorAll('svg polyline')).filter(p => getComputedStyle(p).stroke === 'rgb(20, 20, 20)' || /^rgb\((230, 25, 75|60, 180, 75)\)$/.test(getComputedStyle(p).stroke)).length
            + ' chart=' + Math.round(document.querySelector('svg').getBoundingClientRect().width);
          document.body.appendChild(probe);
        });
        </script>
        """;

    [Test]
    public void TheReportRendersItsTablesChartAndImagesInHeadlessChromium()
    {
        using var run = new FakeRun();
        string probePage = Path.Combine(run.Folder, "probe.html");
        File.WriteAllText(probePage, run.Html.Replace("</body>", Probe + "</body>", StringComparison.Ordinal));
        string profile = Directory.CreateTempSubdirectory("mlseg-chromium-").FullName;
        try
        {
            string dom = HeadlessChromium.Run(profile, "--dump-dom", new Uri(probePage).AbsoluteUri);
            Match probe = ProbeLine().Match(dom);
            Assert.That(probe.Success, Is.True, "the probe ran: " + dom[..Math.Min(dom.Length, 300)]);
            int tables = Count(probe, "tables"), images = Count(probe, "images");
            Assert.That(tables, Is.EqualTo(3), "two configuration tables (top level, Training) and the metrics table");
            Assert.That(images, Is.EqualTo(3));
            Assert.That(Count(probe, "loaded"), Is.EqualTo(images), "every overlay loads");
            Assert.That(Count(probe, "series"), Is.EqualTo(6), "the smoothed loss and the two Dice lines (palette colours), each also in its legend");
            Assert.That(Count(probe, "chart"), Is.EqualTo(960));

            string shot = Path.Combine(run.Folder, "shot.png");
            HeadlessChromium.Run(profile, $"--screenshot={shot}", "--window-size=1200,1600", "--hide-scrollbars", new Uri(run.Files.Html).AbsoluteUri);
            Image screenshot = PngFile.ReadImage(shot);
            Assert.That((screenshot.Width, screenshot.Height), Is.EqualTo((1200, 1600)));
            int plane = screenshot.Width * screenshot.Height, ink = 0;
            for (int i = 0; i < plane; i++)
            {
                if (screenshot.Data[i] < 200 || screenshot.Data[plane + i] < 200 || screenshot.Data[2 * plane + i] < 200) ink++;
            }

            Assert.That(ink, Is.GreaterThan(plane / 50), "the screenshot is not blank");
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }

    private static int Count(Match probe, string name) => int.Parse(probe.Groups[name].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"tables=(?<tables>\d+) images=(?<images>\d+) loaded=(?<loaded>\d+) series=(?<series>\d+) chart=(?<chart>\d+)")]
    private static partial Regex ProbeLine();
}
