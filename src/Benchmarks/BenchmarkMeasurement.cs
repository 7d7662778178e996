namespace MLSegmentation.Benchmarks;

/// <summary>One measured quantity: a sample per window (or repeat), summarised by its median.</summary>
/// <param name="Name">What was measured, e.g. <c>C# NCHW fp32</c>.</param>
/// <param name="Unit">The samples' unit, e.g. <c>images/s</c>.</param>
/// <param name="Samples">One value per measurement window.</param>
public sealed record BenchmarkMeasurement(string Name, string Unit, IReadOnlyList<double> Samples)
{
    /// <summary>The median of <see cref="Samples"/>.</summary>
    public double Median => BenchmarkStatistics.Median(Samples);
}
