namespace MLSegmentation.Trainers.Metrics;

/// <summary>Summary of one metric over a set of images.</summary>
/// <param name="Mean">Arithmetic mean; NaN over no image, +∞ when a value is +∞.</param>
/// <param name="StandardDeviation">Population standard deviation (divisor n, NumPy's default); NaN over no image or when the mean is not finite.</param>
/// <param name="Median">Median (linear interpolation); robust to the +∞ of missed structures.</param>
/// <param name="Count">Number of images summarised.</param>
public readonly record struct MetricStatistic(double Mean, double StandardDeviation, double Median, int Count)
{
    /// <summary>The statistic of <paramref name="values"/>, NaN values skipped.</summary>
    public static MetricStatistic Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        double[] v = values.Where(x => !double.IsNaN(x)).ToArray();
        if (v.Length == 0)
        {
            return new MetricStatistic(double.NaN, double.NaN, double.NaN, 0);
        }

        double mean = v.Average();
        double std = double.NaN;
        if (double.IsFinite(mean))
        {
            double squares = 0;
            foreach (double x in v)
            {
                squares += (x - mean) * (x - mean);
            }

            std = Math.Sqrt(squares / v.Length);
        }

        return new MetricStatistic(mean, std, Percentile.OfUnsorted(v, 50), v.Length);
    }
}
