namespace MLSegmentation.Benchmarks;

/// <summary>One measured quantity: a sample per window (or repeat), summarised by its median.</summary>
/// <param name="Name">What was measured, e.g. <c>C# NCHW fp32</c>.</param>
/// <param name="Unit">The samples' unit, e.g. <c>images/s</c>.</param>
/// <param name="Samples">One value per measurement window.</param>
/// <param name="FlopsPerUnit">Floating-point operations per counted unit (e.g. per image of a training step), when known.</param>
public sealed record BenchmarkMeasurement(string Name, string Unit, IReadOnlyList<double> Samples, double? FlopsPerUnit = null)
{
    /// <summary>The median of <see cref="Samples"/>.</summary>
    public double Median => BenchmarkStatistics.Median(Samples);

    /// <summary>The median rate in GFLOP/s, when <see cref="FlopsPerUnit"/> is known.</summary>
    public double? Gigaflops => FlopsPerUnit * Median / 1e9;
}
