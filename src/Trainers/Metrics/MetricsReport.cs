using System.Text.Json;

namespace MLSegmentation.Trainers.Metrics;

/// <summary>
/// Dataset-level metrics: per class (mean, standard deviation, median and count over images with non-empty
/// ground truth; pooled values), class means, both mIoU definitions and the summed confusion matrix.
/// Serialises to JSON and renders as a plain-text table.
/// </summary>
public sealed class MetricsReport
{
    /// <summary>Number of images evaluated.</summary>
    public int Images { get; init; }

    /// <summary>Whether background (class 0) enters the class means.</summary>
    public bool IncludeBackground { get; init; }

    /// <summary>The percentile reported as HD95.</summary>
    public double HausdorffPercentile { get; init; } = 95;

    /// <summary>Per-class summaries, indexed by class (background included).</summary>
    public IReadOnlyList<ClassSummary> Classes { get; init; } = [];

    /// <summary>Mean over the classes in the class means of their mean per-image Dice (classes never in the truth skipped).</summary>
    public double ClassMeanDice { get; init; }

    /// <summary>mIoU as the class mean: mean over the classes in the class means of their mean per-image IoU (classes never in the truth skipped).</summary>
    public double ClassMeanIou { get; init; }

    /// <summary>Mean over the classes in the class means of the pooled Dice (classes absent from all truths and predictions skipped).</summary>
    public double PooledMeanDice { get; init; }

    /// <summary>mIoU of the pooled counts (the scene-parsing convention: per-class IoU of the dataset confusion matrix, then class mean).</summary>
    public double PooledMeanIou { get; init; }

    /// <summary>mIoU as MaskSup's evaluation: per image scikit-learn's micro Jaccard over all labels, then the mean over images.</summary>
    public double MaskSupMeanIou { get; init; }

    /// <summary>Per image the mean IoU over the classes present in truth or prediction, then the mean over images that have one.</summary>
    public double PresentClassMeanIou { get; init; }

    /// <summary>Summed confusion matrix: rows = truth, columns = prediction.</summary>
    public IReadOnlyList<IReadOnlyList<long>> ConfusionMatrix { get; init; } = [];

    /// <summary>
    /// The report as indented camelCase JSON. An undefined value (NaN: say the HD95 mean of a class whose every
    /// prediction is empty, or a class mean over no class) is <c>null</c>; each statistic carries its
    /// <c>count</c> and <c>excluded</c> images. No <c>NaN</c> or <c>Infinity</c> is ever written.
    /// </summary>
    public string ToJson() => JsonSerializer.Serialize(this, MetricsJsonContext.Default.MetricsReport);

    /// <summary>
    /// Reads a report written by <see cref="ToJson"/> (<c>null</c> reads as NaN; the <c>"NaN"</c> and
    /// <c>"Infinity"</c> literals of older reports are still read, and a missing <c>excluded</c> reads as 0).
    /// </summary>
    /// <exception cref="JsonException">The text is not a report.</exception>
    public static MetricsReport FromJson(string json) =>
        JsonSerializer.Deserialize(json, MetricsJsonContext.Default.MetricsReport) ?? throw new JsonException("The JSON holds no report.");

    /// <summary>
    /// A plain-text table: one row per class (mean ± std over images with the class in the truth, followed by
    /// "(k excluded)" where k of them had an undefined value, e.g. <c>12.30 ± 4.50 (2 excluded)</c> for HD95 with two
    /// empty predictions), then the dataset means. An undefined value shows as "-", never "inf" or "nan".
    /// </summary>
    public string ToTable() => MetricsTable.Render(this);

    /// <summary>The cells of <see cref="ToTable"/>: a header row, then one row per class (for other renderings, such as HTML).</summary>
    public IReadOnlyList<IReadOnlyList<string>> ToCells() => MetricsTable.Cells(this);

    /// <summary>The lines under <see cref="ToTable"/>'s rows: what the means are over, then the dataset means.</summary>
    public IReadOnlyList<string> ToSummaryLines() => MetricsTable.Summary(this);

    /// <inheritdoc/>
    public override string ToString() => ToTable();
}
