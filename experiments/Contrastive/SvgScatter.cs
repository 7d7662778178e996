using System.Globalization;
using System.Text;

namespace MLSegmentation.Experiments.Contrastive;

/// <summary>Side-by-side scatter plots of 2D points coloured by class, as one SVG file.</summary>
internal static class SvgScatter
{
    private static readonly string[] Colours = ["#7f7f7f", "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"];

    public static void Write(string path, IReadOnlyList<(string Title, double[][] Points, long[] Classes)> panels, IReadOnlyList<string> classNames)
    {
        const int size = 300, margin = 30, top = 40;
        int width = panels.Count * (size + margin) + margin, height = size + top + 60;
        var svg = new StringBuilder();
        string F(double v) => v.ToString("F1", CultureInfo.InvariantCulture);
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");
        for (int p = 0; p < panels.Count; p++)
        {
            (string title, double[][] points, long[] classes) = panels[p];
            int x0 = margin + p * (size + margin);
            double minX = points.Min(q => q[0]), maxX = points.Max(q => q[0]), minY = points.Min(q => q[1]), maxY = points.Max(q => q[1]);
            double spanX = Math.Max(maxX - minX, 1e-9), spanY = Math.Max(maxY - minY, 1e-9);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x0}\" y=\"{top - 12}\">{System.Security.SecurityElement.Escape(title)}</text>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x0}\" y=\"{top}\" width=\"{size}\" height=\"{size}\" fill=\"none\" stroke=\"#999\"/>\n");
            for (int i = 0; i < points.Length; i++)
            {
                double x = x0 + 5 + (points[i][0] - minX) / spanX * (size - 10);
                double y = top + 5 + (maxY - points[i][1]) / spanY * (size - 10);
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(x)}\" cy=\"{F(y)}\" r=\"2.5\" fill=\"{Colours[(int)classes[i] % Colours.Length]}\" fill-opacity=\"0.7\"/>\n");
            }
        }
        for (int c = 1; c < classNames.Count; c++)
        {
            int x = margin + (c - 1) % 5 * 160, y = top + size + 25 + (c - 1) / 5 * 20;
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{x + 5}\" cy=\"{y}\" r=\"5\" fill=\"{Colours[c % Colours.Length]}\"/><text x=\"{x + 15}\" y=\"{y + 4}\">{c} {classNames[c]}</text>\n");
        }
        svg.Append("</svg>\n");
        File.WriteAllText(path, svg.ToString());
    }
}
