using System.Globalization;
using System.Text;

namespace MLSegmentation.Trainers.Metrics;

/// <summary>Plain-text rendering of a <see cref="MetricsReport"/>.</summary>
internal static class MetricsTable
{
    private static readonly string[] Headers =
        ["class", "n", "FP img", "Dice", "IoU", "precision", "sensitivity", "specificity", "HD95", "MSD", "pooled Dice", "pooled IoU"];

    public static string Render(MetricsReport report)
    {
        List<string[]> rows = Cells(report);
        int[] widths = Enumerable.Range(0, Headers.Length).Select(k => rows.Max(r => r[k].Length)).ToArray();
        var text = new StringBuilder();
        for (int r = 0; r < rows.Count; r++)
        {
            text.AppendJoin("  ", rows[r].Select((cell, k) => k == 0 ? cell.PadRight(widths[k]) : cell.PadLeft(widths[k]))).AppendLine();
            if (r == 0)
            {
                text.AppendLine(new string('-', widths.Sum() + 2 * (widths.Length - 1)));
            }
        }

        foreach (string line in Summary(report))
        {
            text.AppendLine(line);
        }

        return text.ToString();
    }

    /// <summary>The header row, then one row per class.</summary>
    public static List<string[]> Cells(MetricsReport report)
    {
        var rows = new List<string[]> { Headers };
        foreach (ClassSummary c in report.Classes)
        {
            rows.Add(
            [
                c.Name,
                c.ImagesWithTruth.ToString(CultureInfo.InvariantCulture),
                c.FalsePositiveImages.ToString(CultureInfo.InvariantCulture),
                Stat(c.Dice, 4),
                Stat(c.Iou, 4),
                Stat(c.Precision, 4),
                Stat(c.Sensitivity, 4),
                Stat(c.Specificity, 4),
                Stat(c.Hausdorff95, 2),
                Stat(c.MeanSurfaceDistance, 2),
                Number(c.PooledDice, 4),
                Number(c.PooledIou, 4),
            ]);
        }

        return rows;
    }

    /// <summary>The lines under the table: the scope, then the dataset means.</summary>
    public static string[] Summary(MetricsReport report)
    {
        string scope = report.IncludeBackground ? "all classes" : "foreground classes";
        return
        [
            string.Create(CultureInfo.InvariantCulture, $"images: {report.Images}; class means over {scope}; HD{report.HausdorffPercentile:0.##} and MSD in physical units"),
            $"mean Dice (class mean of per-image means): {Number(report.ClassMeanDice, 4)}   pooled: {Number(report.PooledMeanDice, 4)}",
            $"mIoU (class mean of per-image means):      {Number(report.ClassMeanIou, 4)}   pooled: {Number(report.PooledMeanIou, 4)}",
            $"mIoU (MaskSup, per-image micro Jaccard):   {Number(report.MaskSupMeanIou, 4)}",
            $"mIoU (per-image mean over present classes): {Number(report.PresentClassMeanIou, 4)}",
        ];
    }

    /// <summary>
    /// "mean ± std" over the images with a defined value, then "(k excluded)" when k images had none (an empty
    /// prediction for HD95 and MSD); "-" when no image has a value.
    /// </summary>
    private static string Stat(MetricStatistic s, int digits)
    {
        string value = s.Count == 0 ? "-" : $"{Number(s.Mean, digits)} ± {Number(s.StandardDeviation, digits)}";
        return s.Excluded == 0 ? value : string.Create(CultureInfo.InvariantCulture, $"{value} ({s.Excluded} excluded)");
    }

    /// <summary>A fixed-point number; "-" for an undefined value (NaN, or ±∞, which the metrics never produce).</summary>
    private static string Number(double v, int digits) => double.IsFinite(v)
        ? v.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
        : "-";
}
