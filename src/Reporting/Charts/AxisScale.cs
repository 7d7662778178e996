using System.Globalization;

namespace MLSegmentation.Reporting.Charts;

/// <summary>
/// A linear axis over "nice" round ticks: steps of 1, 2 or 5 × 10^k, the range widened to whole steps around the data.
/// </summary>
/// <param name="Min">The axis start (the first tick).</param>
/// <param name="Max">The axis end (the last tick).</param>
/// <param name="Ticks">Tick values, ascending.</param>
/// <param name="Decimals">Decimals that show the step exactly.</param>
internal sealed record AxisScale(double Min, double Max, IReadOnlyList<double> Ticks, int Decimals)
{
    private static readonly double[] Factors = [1, 2, 5, 10];

    /// <summary>The axis for data from <paramref name="min"/> to <paramref name="max"/> with about <paramref name="ticks"/> ticks.</summary>
    public static AxisScale Nice(double min, double max, int ticks = 6)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ticks, 2);
        if (!double.IsFinite(min) || !double.IsFinite(max))
        {
            (min, max) = (0, 1);
        }

        if (max - min < 1e-12 * Math.Max(1, Math.Abs(max)))
        {
            double pad = min == 0 ? 1 : Math.Abs(min) * 0.1;
            (min, max) = (min - pad, max + pad);
        }

        double raw = (max - min) / (ticks - 1);
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = Factors.First(f => f * magnitude >= raw * (1 - 1e-9)) * magnitude;
        int decimals = Math.Max(0, -(int)Math.Floor(Math.Log10(step) + 1e-9));
        long first = (long)Math.Floor(min / step + 1e-9), last = (long)Math.Ceiling(max / step - 1e-9);
        double[] values = [.. Enumerable.Range(0, (int)(last - first + 1)).Select(k => Math.Round((first + k) * step, Math.Min(decimals + 1, 15)))];
        return new AxisScale(values[0], values[^1], values, decimals);
    }

    /// <summary>Maps <paramref name="value"/> linearly from [Min, Max] to [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public double Map(double value, double from, double to) => from + (value - Min) / (Max - Min) * (to - from);

    /// <summary>The tick label of <paramref name="value"/>.</summary>
    public string Label(double value) => value.ToString("F" + Decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
