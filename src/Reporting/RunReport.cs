using System.Text.Json;
using System.Xml.Linq;
using MLSegmentation.Reporting.Charts;
using MLSegmentation.Reporting.Overlays;
using MLSegmentation.Trainers.Metrics;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;

namespace MLSegmentation.Reporting;

/// <summary>
/// Everything a run's report shows. <see cref="Write"/> puts <c>curves.svg</c>, <c>curves.png</c>, <c>overlays/</c>
/// and <c>report.html</c> (one page that needs no server, network or script) into the run's folder.
/// </summary>
public sealed class RunReport
{
    /// <summary>The report's file name.</summary>
    public const string FileName = "report.html";

    /// <summary>The training curves' file names.</summary>
    public const string CurvesSvg = "curves.svg", CurvesPng = "curves.png";

    /// <summary>The overlays' folder name.</summary>
    public const string OverlayFolder = "overlays";

    /// <summary>The page title.</summary>
    public required string Title { get; init; }

    /// <summary>The run's settings as name/value rows (see <see cref="ConfigurationFromJson"/>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Configuration { get; init; } = [];

    /// <summary>The run's progress events (for the curves).</summary>
    public IReadOnlyList<TrainingProgress> Progress { get; init; } = [];

    /// <summary>The evaluation, if any.</summary>
    public MetricsReport? Metrics { get; init; }

    /// <summary>Class names, background first (the legend, the Dice curves).</summary>
    public IReadOnlyList<string> ClassNames { get; init; } = [];

    /// <summary>Samples to draw as overlays.</summary>
    public IReadOnlyList<OverlaySample> Overlays { get; init; } = [];

    /// <summary>Writes the curves, the overlays and the page into <paramref name="folder"/>; returns where they are.</summary>
    public ReportFiles Write(string folder)
    {
        Directory.CreateDirectory(folder);
        Figure curves = new TrainingCurves(Progress).ToFigure(ClassNames);
        XDocument svg = curves.ToSvg();
        string svgPath = Path.Combine(folder, CurvesSvg), pngPath = Path.Combine(folder, CurvesPng);
        AtomicFile.WriteAllText(svgPath, svg.ToString());
        curves.WritePng(pngPath);
        string overlayFolder = Path.Combine(folder, OverlayFolder);
        List<string> overlays = MaskOverlay.Write(overlayFolder, Overlays);
        string html = Path.Combine(folder, FileName);
        AtomicFile.WriteAllText(html, RunReportHtml.Render(this, svg,
            [.. overlays.Select((name, k) => ($"{OverlayFolder}/{name}", Overlays[k]))]));
        return new ReportFiles(html, svgPath, pngPath, overlayFolder, [.. overlays.Select(name => Path.Combine(overlayFolder, name))]);
    }

    /// <summary>
    /// The rows of a JSON object (a run's <c>config.json</c>): nested objects flattened to dotted names, arrays as
    /// JSON text, strings as they are.
    /// </summary>
    /// <exception cref="JsonException">The text is not a JSON object.</exception>
    public static List<KeyValuePair<string, string>> ConfigurationFromJson(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object) throw new JsonException("the configuration is not a JSON object");
        var rows = new List<KeyValuePair<string, string>>();
        Flatten(document.RootElement, "", rows);
        return rows;
    }

    private static void Flatten(JsonElement element, string prefix, List<KeyValuePair<string, string>> rows)
    {
        foreach (JsonProperty property in element.EnumerateObject())
        {
            string name = prefix + property.Name;
            JsonElement value = property.Value;
            if (value.ValueKind == JsonValueKind.Object) Flatten(value, name + ".", rows);
            else rows.Add(new(name, value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()));
        }
    }
}
