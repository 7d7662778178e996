namespace MLSegmentation.Trainers.Metrics;

/// <summary>Percentiles with linear interpolation between order statistics (NumPy's default method).</summary>
internal static class Percentile
{
    /// <summary>
    /// The <paramref name="q"/>-th percentile (0–100) of <paramref name="values"/>, which this sorts in place:
    /// with the sorted values v[0..n-1] and h = q/100·(n − 1), v[⌊h⌋] + (h − ⌊h⌋)·(v[⌈h⌉] − v[⌊h⌋]). NaN when empty.
    /// </summary>
    public static double OfUnsorted(Span<double> values, double q)
    {
        if (values.IsEmpty)
        {
            return double.NaN;
        }

        values.Sort();
        return OfSorted(values, q);
    }

    /// <summary>The same on values already sorted ascending.</summary>
    public static double OfSorted(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.IsEmpty)
        {
            return double.NaN;
        }

        double h = q / 100.0 * (sorted.Length - 1);
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        double low = sorted[lo];
        double high = sorted[hi];
        double fraction = h - lo;
        if (fraction == 0 || low == high)
        {
            return low;
        }

        return low + fraction * (high - low);
    }
}
