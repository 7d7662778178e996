namespace MLSegmentation.Benchmarks;

/// <summary>Settings of <see cref="PipelineBenchmark"/>.</summary>
public sealed record PipelineBenchmarkOptions
{
    /// <summary>RGB PNG images written (once, cached in the temporary folder) and read.</summary>
    public int Images { get; init; } = 256;

    /// <summary>Image height and width.</summary>
    public int Size { get; init; } = 128;

    /// <summary>Background workers of the second measurement (the first uses one).</summary>
    public int Workers { get; init; } = 2;

    /// <summary>Samples per batch.</summary>
    public int Batch { get; init; } = 8;

    /// <summary>Epochs per measurement.</summary>
    public int Epochs { get; init; } = 3;

    /// <summary>Training consumption to compare with, images/s; default DESIGN.md's anchors (fp32 5.4, bf16 9.3).</summary>
    public double? Consume { get; init; }

    /// <summary>Tiny sizes for a smoke test.</summary>
    public static PipelineBenchmarkOptions Quick { get; } = new() { Images = 16, Size = 32, Batch = 4, Epochs = 2 };
}
