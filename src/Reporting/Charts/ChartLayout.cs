namespace MLSegmentation.Reporting.Charts;

/// <summary>Places a <see cref="Figure"/>'s panels, axes, ticks, labels, series and legends as a <see cref="Scene"/>.</summary>
internal static class ChartLayout
{
    public const double TitleSize = 14, LabelSize = 12, TickSize = 11;
    private const double MarginLeft = 64, MarginRight = 16, MarginTop = 34, AxisSpace = 44, LegendRow = 16, LegendSample = 16;
    private static readonly Rgb Grid = Rgb.Grey(225), Axis = Rgb.Grey(90), Ink = Rgb.Grey(20);

    public static Scene Layout(Figure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        if (figure.Panels.Count == 0) throw new ArgumentException("A figure needs at least one chart.", nameof(figure));
        int width = figure.PanelWidth * figure.Panels.Count;
        var shapes = new List<Shape> { new RectShape(0, 0, width, figure.Height, Rgb.White) };
        for (int i = 0; i < figure.Panels.Count; i++)
        {
            shapes.AddRange(Panel(figure.Panels[i], i * figure.PanelWidth, figure.PanelWidth, figure.Height));
        }

        return new Scene(width, figure.Height, shapes);
    }

    /// <summary>The plot area of a panel: the rectangle the data maps into.</summary>
    public static (double Left, double Top, double Right, double Bottom) PlotArea(Chart chart, double x0, double width, double height)
    {
        ArgumentNullException.ThrowIfNull(chart);
        int rows = LegendRows(chart, width).Max(e => e.Row + 1);
        return (x0 + MarginLeft, MarginTop, x0 + width - MarginRight, height - AxisSpace - rows * LegendRow);
    }

    /// <summary>The axes of a chart: its fixed ranges or nice ranges around its data.</summary>
    public static (AxisScale X, AxisScale Y) Scales(Chart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return (Scale(chart.XRange, chart.Series.SelectMany(s => s.Points).Select(p => p.X)),
                Scale(chart.YRange, chart.Series.SelectMany(s => s.Points).Select(p => p.Y)));
    }

    private static AxisScale Scale((double Min, double Max)? range, IEnumerable<double> values)
    {
        if (range is var (min, max)) return AxisScale.Nice(min, max);
        double[] finite = [.. values.Where(double.IsFinite)];
        return finite.Length == 0 ? AxisScale.Nice(0, 1) : AxisScale.Nice(finite.Min(), finite.Max());
    }

    private static List<Shape> Panel(Chart chart, double x0, double width, double height)
    {
        var (left, top, right, bottom) = PlotArea(chart, x0, width, height);
        var (xs, ys) = Scales(chart);
        double X(double v) => xs.Map(v, left, right);
        double Y(double v) => ys.Map(v, bottom, top);
        var shapes = new List<Shape> { new TextShape(x0 + width / 2, 20, chart.Title, TitleSize, Ink, TextAnchor.Middle) };
        foreach (double t in ys.Ticks)
        {
            double y = Crisp(Y(t));
            shapes.Add(new LineShape([new(left, y), new(right, y)], Grid, 1));
            shapes.Add(new TextShape(left - 6, y + 4, ys.Label(t), TickSize, Ink, TextAnchor.End));
        }

        foreach (double t in xs.Ticks)
        {
            double x = Crisp(X(t));
            shapes.Add(new LineShape([new(x, top), new(x, bottom)], Grid, 1));
            shapes.Add(new TextShape(x, bottom + 16, xs.Label(t), TickSize, Ink, TextAnchor.Middle));
        }

        shapes.Add(new LineShape([new(Crisp(left), top), new(Crisp(left), Crisp(bottom)), new(right, Crisp(bottom))], Axis, 1));
        shapes.Add(new TextShape((left + right) / 2, bottom + 32, chart.XLabel, LabelSize, Ink, TextAnchor.Middle));
        shapes.Add(new TextShape(x0 + 16, (top + bottom) / 2, chart.YLabel, LabelSize, Ink, TextAnchor.Middle, Vertical: true));
        foreach (ChartSeries series in chart.Series)
        {
            foreach (List<ChartPoint> run in Runs(series.Points))
            {
                List<ChartPoint> pixels = [.. run.Select(p => new ChartPoint(X(p.X), Y(p.Y)))];
                shapes.Add(new LineShape(pixels, series.Color, series.LineWidth, series.Name));
                if (series.Markers) shapes.AddRange(pixels.Select(p => new DotShape(p.X, p.Y, series.LineWidth + 1, series.Color, series.Name)));
            }
        }

        foreach (var (series, row, offset) in LegendRows(chart, width))
        {
            if (series is null) continue;
            double x = left + offset, y = bottom + AxisSpace + row * LegendRow + LegendRow / 2;
            shapes.Add(new LineShape([new(x, y - 4), new(x + LegendSample, y - 4)], series.Color, Math.Max(2, series.LineWidth)));
            shapes.Add(new TextShape(x + LegendSample + 4, y, series.Name, TickSize, Ink));
        }

        return shapes;
    }

    /// <summary>The legend entries flowed into rows under the axis label (a single empty entry when there is no series).</summary>
    private static List<(ChartSeries? Series, int Row, double Offset)> LegendRows(Chart chart, double width)
    {
        var entries = new List<(ChartSeries?, int, double)>();
        double room = width - MarginLeft - MarginRight, offset = 0;
        int row = 0;
        foreach (ChartSeries series in chart.Series)
        {
            double entry = LegendSample + 4 + TextShape.Measure(series.Name, TickSize) + 14;
            if (offset > 0 && offset + entry > room) (row, offset) = (row + 1, 0);
            entries.Add((series, row, offset));
            offset += entry;
        }

        return entries.Count == 0 ? [(null, 0, 0)] : entries;
    }

    /// <summary>The stretches of finite points between NaN values, each with at least one point.</summary>
    private static IEnumerable<List<ChartPoint>> Runs(IEnumerable<ChartPoint> points)
    {
        var run = new List<ChartPoint>();
        foreach (ChartPoint p in points)
        {
            if (double.IsFinite(p.X) && double.IsFinite(p.Y))
            {
                run.Add(p);
                continue;
            }

            if (run.Count > 0) yield return run;
            run = [];
        }

        if (run.Count > 0) yield return run;
    }

    /// <summary>The pixel centre nearest <paramref name="v"/>, so 1-pixel lines cover one pixel row or column.</summary>
    private static double Crisp(double v) => Math.Floor(v) + 0.5;
}
