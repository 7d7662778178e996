namespace MLSegmentation.Trainers.Training;

/// <summary>
/// What every method's training shares: budget, optimizer, schedule, precision, validation,
/// checkpoints and seed. The defaults train the quick start's small U-Net on CPU in minutes.
/// </summary>
public sealed record TrainerOptions
{
    /// <summary>Optimizer steps in the run; default 1000.</summary>
    public int Steps { get; init; } = 1000;

    /// <summary>Samples per step; default 8.</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>The optimizer; default Adam.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>Initial learning rate; default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>SGD momentum; default 0.99 (nnU-Net).</summary>
    public double Momentum { get; init; } = 0.99;

    /// <summary>Nesterov momentum for SGD; default true.</summary>
    public bool Nesterov { get; init; } = true;

    /// <summary>Adam and AdamW: the AMSGrad variant (the running maximum of the second moment); default false.</summary>
    public bool Amsgrad { get; init; }

    /// <summary>Weight decay; default 3e-5 (nnU-Net).</summary>
    public double WeightDecay { get; init; } = 3e-5;

    /// <summary>The learning-rate schedule; default poly.</summary>
    public ScheduleKind Schedule { get; init; } = ScheduleKind.Poly;

    /// <summary>Linear warm-up steps before the schedule; default 0.</summary>
    public int WarmupSteps { get; init; }

    /// <summary>Step schedule: steps between decays; default 1/3 of the run.</summary>
    public int? StepSize { get; init; }

    /// <summary>Step schedule: the decay factor; default 0.1.</summary>
    public double Gamma { get; init; } = 0.1;

    /// <summary>Clips the gradient norm to this value before each step; null for none; default 12 (nnU-Net).</summary>
    public double? GradientClipNorm { get; init; } = 12;

    /// <summary>Arithmetic; default fp32.</summary>
    public Precision Precision { get; init; } = Precision.Fp32;

    /// <summary>Validates every this many steps (and at the end); default 100; 0 turns validation off.</summary>
    public int ValidationEvery { get; init; } = 100;

    /// <summary>Stops after this many validations without a better mean Dice; null never stops early.</summary>
    public int? EarlyStoppingPatience { get; init; }

    /// <summary>Writes a checkpoint every this many steps (and at the end, and on cancellation); default 100.</summary>
    public int CheckpointEvery { get; init; } = 100;

    /// <summary>The one seed for network initialisation, data order, augmentation and method randomness; default 1.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>The simple catalog overloads' budget: these options with <paramref name="steps"/>, <paramref name="batchSize"/> and, unless null, <paramref name="learningRate"/>.</summary>
    internal TrainerOptions WithBudget(int steps, double? learningRate, int batchSize) =>
        this with { Steps = steps, LearningRate = learningRate ?? LearningRate, BatchSize = batchSize };

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Steps, 1, nameof(Steps));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LearningRate, nameof(LearningRate));
        ArgumentOutOfRangeException.ThrowIfNegative(Momentum, nameof(Momentum));
        ArgumentOutOfRangeException.ThrowIfNegative(WeightDecay, nameof(WeightDecay));
        ArgumentOutOfRangeException.ThrowIfNegative(WarmupSteps, nameof(WarmupSteps));
        ArgumentOutOfRangeException.ThrowIfNegative(ValidationEvery, nameof(ValidationEvery));
        ArgumentOutOfRangeException.ThrowIfLessThan(CheckpointEvery, 1, nameof(CheckpointEvery));
        if (GradientClipNorm is <= 0) throw new ArgumentOutOfRangeException(nameof(GradientClipNorm), GradientClipNorm, "must be positive or null");
    }
}
