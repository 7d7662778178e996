namespace MLSegmentation.Benchmarks;

/// <summary>Settings of <see cref="ScoringBenchmark"/>; the defaults are issue 4's (256×256, batch 16, 2 threads).</summary>
public sealed record ScoringBenchmarkOptions
{
    /// <summary>Measurements of each path, interleaved.</summary>
    public int Repeats { get; init; } = 5;

    /// <summary>Batches per measurement.</summary>
    public int Batches { get; init; } = 3;

    /// <summary>Images per batch.</summary>
    public int Batch { get; init; } = 16;

    /// <summary>Image height and width (a multiple of 16).</summary>
    public int Size { get; init; } = 256;

    /// <summary>Intra-op threads of ONNX Runtime and PyTorch.</summary>
    public int Threads { get; init; } = 2;

    /// <summary>Folder for the model and the images; default a temporary folder, deleted afterwards.</summary>
    public string? Work { get; init; }

    /// <summary>The Python interpreter with PyTorch and onnx (they export the model).</summary>
    public string Python { get; init; } = PythonTorch.DefaultInterpreter;

    /// <summary>Tiny sizes for a smoke test.</summary>
    public static ScoringBenchmarkOptions Quick { get; } = new() { Repeats = 2, Batches = 1, Batch = 2, Size = 64 };
}
