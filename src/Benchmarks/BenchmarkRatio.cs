namespace MLSegmentation.Benchmarks;

/// <summary>A ratio of two medians measured in the same run, e.g. C# engine / PyTorch.</summary>
/// <param name="Name">What is divided by what.</param>
/// <param name="Value">The ratio.</param>
/// <param name="Target">The design target, e.g. <c>≥ 1.0</c>, when there is one.</param>
public sealed record BenchmarkRatio(string Name, double Value, string? Target = null);
