namespace MLSegmentation.Trainers.Metrics;

/// <summary>Summary of one metric over a set of images.</summary>
/// <remarks>
/// An image whose value is undefined (NaN: the surface distances of a class missing from the prediction, MONAI's
/// convention) is left out of <paramref name="Mean"/>, <paramref name="StandardDeviation"/>,
/// <paramref name="Median"/> and <paramref name="Count"/> and counted in <paramref name="Excluded"/> instead; so
/// are infinite values, so no statistic is ever infinite. With no image left, the three values are NaN (written
/// as JSON null and as "-" in the table). docs/metrics.md gives the conventions.
/// </remarks>
/// <param name="Mean">Arithmetic mean of the defined values; NaN when there is none.</param>
/// <param name="StandardDeviation">Population standard deviation (divisor n, NumPy's default) of the defined values; NaN when there is none.</param>
/// <param name="Median">Median (linear interpolation) of the defined values; NaN when there is none.</param>
/// <param name="Count">Number of images with a defined value (the images summarised).</param>
/// <param name="Excluded">Number of images offered whose value was undefined (NaN or infinite) and so left out.</param>
public readonly record struct MetricStatistic(double Mean, double StandardDeviation, double Median, int Count, int Excluded = 0)
{
    /// <summary>
    /// The statistic of <paramref name="values"/> (one per image): values that are not finite (NaN, ±∞) are left
    /// out and counted in <see cref="Excluded"/>.
    /// </summary>
    public static MetricStatistic Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var defined = new List<double>();
        int excluded = 0;
        foreach (double x in values)
        {
            if (double.IsFinite(x))
            {
                defined.Add(x);
            }
            else
            {
                excluded++;
            }
        }

        if (defined.Count == 0)
        {
            return new MetricStatistic(double.NaN, double.NaN, double.NaN, 0, excluded);
        }

        double[] v = defined.ToArray();
        double mean = v.Average();
        double squares = 0;
        foreach (double x in v)
        {
            squares += (x - mean) * (x - mean);
        }

        double std = Math.Sqrt(squares / v.Length);
        return new MetricStatistic(mean, std, Percentile.OfUnsorted(v, 50), v.Length, excluded);
    }
}
