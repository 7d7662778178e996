using System.Globalization;
using System.Text;

namespace MLSegmentation.Experiments.CoLab;

/// <summary>An SVG of the margin distributions on background pixels (share per bin, log scale), one line per method.</summary>
internal static class MarginHistogram
{
    public static void Write(string path, IReadOnlyList<(string Name, string Colour, long[] Counts)> series)
    {
        const int width = 720, height = 400, left = 60, right = 20, top = 30, bottom = 50;
        const double minLog = -7;
        int bins = series[0].Counts.Length;
        double X(double margin) => left + (margin - Evaluation.HistogramMin) / (Evaluation.HistogramMax - Evaluation.HistogramMin) * (width - left - right);
        double Y(double share) => top + (Math.Max(Math.Log10(Math.Max(share, 1e-12)), minLog) / minLog) * (height - top - bottom);
        var svg = new StringBuilder();
        string F(double v) => v.ToString("F1", CultureInfo.InvariantCulture);
        svg.AppendLine(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">");
        svg.AppendLine(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>");
        svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"18\">Background pixels: max(background or context logit) − ROI logit (share per bin, log scale)</text>");
        for (int e = 0; e >= (int)minLog; e--)
        {
            svg.AppendLine(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{width - right}\" y1=\"{F(Y(Math.Pow(10, e)))}\" y2=\"{F(Y(Math.Pow(10, e)))}\" stroke=\"#ddd\"/>");
            svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{left - 8}\" y=\"{F(Y(Math.Pow(10, e)) + 4)}\" text-anchor=\"end\">1e{e}</text>");
        }
        for (double m = Evaluation.HistogramMin; m <= Evaluation.HistogramMax; m += 10)
        {
            svg.AppendLine(CultureInfo.InvariantCulture, $"<line x1=\"{F(X(m))}\" x2=\"{F(X(m))}\" y1=\"{top}\" y2=\"{height - bottom}\" stroke=\"{(m == 0 ? "#000" : "#eee")}\"/>");
            svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{F(X(m))}\" y=\"{height - bottom + 16}\" text-anchor=\"middle\">{m.ToString(CultureInfo.InvariantCulture)}</text>");
        }
        svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{(left + width - right) / 2}\" y=\"{height - 12}\" text-anchor=\"middle\">margin (&lt; 0: the pixel is labelled ROI)</text>");
        int row = 0;
        foreach ((string name, string colour, long[] counts) in series)
        {
            double total = counts.Sum();
            var points = new StringBuilder();
            double binWidth = (Evaluation.HistogramMax - Evaluation.HistogramMin) / bins;
            for (int b = 0; b < bins; b++)
            {
                double y = Y(counts[b] / total);
                points.Append(CultureInfo.InvariantCulture, $"{F(X(Evaluation.HistogramMin + b * binWidth))},{F(y)} {F(X(Evaluation.HistogramMin + (b + 1) * binWidth))},{F(y)} ");
            }
            svg.AppendLine(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{points}\"/>");
            svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{width - right - 150}\" y=\"{top + 20 + 16 * row}\" fill=\"{colour}\">{name}</text>");
            row++;
        }
        svg.AppendLine("</svg>");
        File.WriteAllText(path, svg.ToString());
    }
}
