namespace MLSegmentation.Benchmarks;

/// <summary>Settings of <see cref="TrainingBenchmark"/>; the defaults are DESIGN.md's anchor (batch 8 at 128×128, 2 threads).</summary>
public sealed record TrainingBenchmarkOptions
{
    /// <summary>Intra-op threads of both engines.</summary>
    public int Threads { get; init; } = 2;

    /// <summary>Samples per step.</summary>
    public int Batch { get; init; } = 8;

    /// <summary>Image height and width (a multiple of 2^<see cref="Depth"/>).</summary>
    public int Size { get; init; } = 128;

    /// <summary>The U-Net's depth (down-sampling steps).</summary>
    public int Depth { get; init; } = 4;

    /// <summary>The U-Net's first-stage width.</summary>
    public int BaseWidth { get; init; } = 32;

    /// <summary>Untimed steps before the windows.</summary>
    public int Warmup { get; init; } = 3;

    /// <summary>Steps per timed window.</summary>
    public int Steps { get; init; } = 5;

    /// <summary>Timed windows per engine and round.</summary>
    public int Repeats { get; init; } = 3;

    /// <summary>Rounds alternating the engines, so that machine noise hits both.</summary>
    public int Rounds { get; init; } = 2;

    /// <summary>Precisions to measure: fp32 and/or bf16 (CPU autocast).</summary>
    public IReadOnlyList<string> Precisions { get; init; } = ["fp32", "bf16"];

    /// <summary>The Python interpreter with PyTorch.</summary>
    public string Python { get; init; } = PythonTorch.DefaultInterpreter;

    /// <summary>The small case, where per-step overhead rather than arithmetic decides: depth 3, base 16, batch 16 at 96×96 (many 2D medical tasks).</summary>
    public static TrainingBenchmarkOptions Small { get; } = new() { Depth = 3, BaseWidth = 16, Batch = 16, Size = 96 };

    /// <summary>Tiny sizes for a smoke test: the figures mean nothing, every code path runs.</summary>
    public static TrainingBenchmarkOptions Quick { get; } = new()
    {
        Batch = 2, Size = 32, Warmup = 1, Steps = 2, Repeats = 2, Rounds = 1, Precisions = ["fp32"],
    };
}
