using MLSegmentation.Networks;
using System.Globalization;
using MLSegmentation.Trainers.Methods;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;

namespace MLSegmentation.Experiments.CoLab;

/// <summary>The experiment's configuration, from the command line (<c>--name value</c>).</summary>
internal sealed record ExperimentSettings
{
    public int Seeds { get; init; } = 3;
    public int Steps { get; init; } = 300;
    public int BatchSize { get; init; } = 8;
    public int TrainImages { get; init; } = 200;
    public int TestImages { get; init; } = 100;
    public int Size { get; init; } = 64;
    public double LearningRate { get; init; } = 3e-3;
    public double Heterogeneity { get; init; } = 1.0;
    public double ObjectScale { get; init; } = 0.6;
    public double Noise { get; init; } = 5;
    public string Task { get; init; } = "synthetic";
    public int AalLabel { get; init; } = 37;
    public int Depth { get; init; } = 3;
    public int Width { get; init; } = 8;
    public bool Bench { get; init; }
    public int BenchSteps { get; init; } = 25;
    public string Output { get; init; } = "docs/results/colab.md";

    public SyntheticOptions Data => new()
    {
        Height = Size, Width = Size, ClassCount = 2, BackgroundHeterogeneity = Heterogeneity, ObjectScale = ObjectScale, NoiseSigma = Noise,
    };

    public UNetOptions Network => new() { Depth = Depth, BaseWidth = Width };

    public CoLabOptions CoLab { get; init; } = new();

    public TrainerOptions Trainer(long seed, int steps) => new()
    {
        Steps = steps, BatchSize = BatchSize, LearningRate = LearningRate, ValidationEvery = 0, CheckpointEvery = int.MaxValue, Seed = seed,
    };

    public static ExperimentSettings Parse(string[] args)
    {
        var s = new ExperimentSettings();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            double Double() => double.Parse(Next(), CultureInfo.InvariantCulture);
            s = args[i] switch
            {
                "--seeds" => s with { Seeds = Int() },
                "--steps" => s with { Steps = Int() },
                "--batch" => s with { BatchSize = Int() },
                "--train" => s with { TrainImages = Int() },
                "--test" => s with { TestImages = Int() },
                "--size" => s with { Size = Int() },
                "--lr" => s with { LearningRate = Double() },
                "--heterogeneity" => s with { Heterogeneity = Double() },
                "--object-scale" => s with { ObjectScale = Double() },
                "--noise" => s with { Noise = Double() },
                "--task" => s with { Task = Next() },
                "--aal-label" => s with { AalLabel = Int() },
                "--depth" => s with { Depth = Int() },
                "--width" => s with { Width = Int() },
                "--bench" => s with { Bench = true },
                "--bench-steps" => s with { BenchSteps = Int() },
                "--out" => s with { Output = Next() },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return s;
    }
}
