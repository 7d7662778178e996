namespace MLSegmentation.Benchmarks;

/// <summary>Settings of <see cref="TrainingBenchmark"/>; the defaults are DESIGN.md's anchor (batch 8 at 128×128, 2 threads).</summary>
public sealed record TrainingBenchmarkOptions
{
    /// <summary>Intra-op threads of both engines.</summary>
    public int Threads { get; init; } = 2;

    /// <summary>Samples per step.</summary>
    public int Batch { get; init; } = 8;

    /// <summary>Image height and width (a multiple of 16, the U-Net's depth 4).</summary>
    public int Size { get; init; } = 128;

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

    /// <summary>Tiny sizes for a smoke test: the figures mean nothing, every code path runs.</summary>
    public static TrainingBenchmarkOptions Quick { get; } = new()
    {
        Batch = 2, Size = 32, Warmup = 1, Steps = 2, Repeats = 2, Rounds = 1, Precisions = ["fp32"],
    };
}
