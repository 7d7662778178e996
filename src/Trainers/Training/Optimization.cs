using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.optim.lr_scheduler;

namespace MLSegmentation.Trainers.Training;

/// <summary>The optimizer and learning-rate schedule a <see cref="TrainerOptions"/> describes, on TorchSharp's optimizers and schedulers.</summary>
internal static class Optimization
{
    /// <summary>Start factor of the linear warm-up (the rate climbs from 0.1 % of the base rate).</summary>
    public const double WarmupStartFactor = 0.001;

    /// <summary>Power of the polynomial decay (nnU-Net's 0.9).</summary>
    public const double PolyPower = 0.9;

    /// <summary>SGD (with the options' momentum and Nesterov), Adam or AdamW (with or without AMSGrad) over <paramref name="parameters"/>.</summary>
    public static OptimizerHelper CreateOptimizer(TrainerOptions options, IEnumerable<Parameter> parameters) => options.Optimizer switch
    {
        OptimizerKind.Sgd => optim.SGD(parameters, options.LearningRate, options.Momentum, weight_decay: options.WeightDecay, nesterov: options.Nesterov),
        OptimizerKind.Adam => optim.Adam(parameters, options.LearningRate, weight_decay: options.WeightDecay, amsgrad: options.Amsgrad),
        _ => optim.AdamW(parameters, options.LearningRate, weight_decay: options.WeightDecay, amsgrad: options.Amsgrad),
    };

    /// <summary>
    /// The schedule, stepped once per optimizer step: polynomial, cosine, step or constant decay over the steps after
    /// the warm-up, preceded by a linear warm-up when <see cref="TrainerOptions.WarmupSteps"/> &gt; 0. Its state is its
    /// step count: a resumed run replays it (<see cref="Replay"/>).
    /// </summary>
    public static LRScheduler CreateSchedule(TrainerOptions options, optim.Optimizer optimizer)
    {
        int decaySteps = (int)Math.Clamp(options.Steps - options.WarmupSteps, 1, int.MaxValue);
        LRScheduler schedule = options.Schedule switch
        {
            ScheduleKind.Poly => PolynomialLR(optimizer, decaySteps, PolyPower),
            ScheduleKind.Cosine => CosineAnnealingLR(optimizer, decaySteps),
            ScheduleKind.Step => StepLR(optimizer, (int)Math.Clamp(options.StepSize ?? Math.Max(1, options.Steps / 3), 1, int.MaxValue), options.Gamma),
            _ => StepLR(optimizer, int.MaxValue, 1.0),
        };
        if (options.WarmupSteps <= 0) return schedule;
        int warmup = (int)Math.Min(options.WarmupSteps, int.MaxValue);
        return SequentialLR(optimizer, [LinearLR(optimizer, WarmupStartFactor, 1.0, warmup), schedule], [warmup]);
    }

    /// <summary>Steps <paramref name="schedule"/> <paramref name="steps"/> times (a resumed run's schedule reaches the saved step).</summary>
    public static void Replay(LRScheduler schedule, long steps)
    {
        for (long i = 0; i < steps; i++) schedule.step();
    }
}
