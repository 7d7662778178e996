namespace MLSegmentation.Benchmarks;

/// <summary>Summaries of measurement windows.</summary>
public static class BenchmarkStatistics
{
    /// <summary>The median (mean of the two middle values for an even count).</summary>
    /// <exception cref="ArgumentException">No values.</exception>
    public static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        if (sorted.Length == 0) throw new ArgumentException("the median of no values", nameof(values));
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
