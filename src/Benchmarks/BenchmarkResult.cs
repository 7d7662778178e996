namespace MLSegmentation.Benchmarks;

/// <summary>What one suite measured: medians, the ratios between them and notes (e.g. a part skipped and why).</summary>
public sealed class BenchmarkResult(string suite)
{
    /// <summary>The suite: training, scoring or pipeline.</summary>
    public string Suite { get; } = suite;

    /// <summary>The measured quantities, in the order measured.</summary>
    public IList<BenchmarkMeasurement> Measurements { get; } = [];

    /// <summary>Ratios of medians.</summary>
    public IList<BenchmarkRatio> Ratios { get; } = [];

    /// <summary>Remarks: parts skipped, sizes that differ from the design's anchors.</summary>
    public IList<string> Notes { get; } = [];

    /// <summary>Adds the ratio of the medians of <paramref name="numerator"/> and <paramref name="denominator"/> when both were measured.</summary>
    public void AddRatio(string name, string numerator, string denominator, string? target = null)
    {
        BenchmarkMeasurement? a = Measurements.FirstOrDefault(m => m.Name == numerator);
        BenchmarkMeasurement? b = Measurements.FirstOrDefault(m => m.Name == denominator);
        if (a is not null && b is not null) Ratios.Add(new BenchmarkRatio(name, a.Median / b.Median, target));
    }

    /// <summary>Adds the ratio of the GFLOP/s of <paramref name="numerator"/> and <paramref name="denominator"/> when both were measured with a FLOP count.</summary>
    public void AddGigaflopsRatio(string name, string numerator, string denominator)
    {
        double? a = Measurements.FirstOrDefault(m => m.Name == numerator)?.Gigaflops;
        double? b = Measurements.FirstOrDefault(m => m.Name == denominator)?.Gigaflops;
        if (a is double x && b is double y) Ratios.Add(new BenchmarkRatio(name, x / y));
    }
}
