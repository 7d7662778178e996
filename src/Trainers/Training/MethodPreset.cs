using System.Globalization;
using MLSegmentation.Networks;

namespace MLSegmentation.Trainers.Training;

/// <summary>
/// A method's paper settings of the segmenter's optimizer, learning-rate schedule and network normalisation (METHODS.md):
/// the trainer options of each method start from its preset (<c>new CoLabTrainerOptions()</c> has CoLab's), and
/// <c>mlseg train --method</c> applies it to every option not given on the command line.
/// </summary>
public sealed record MethodPreset
{
    /// <summary>The optimizer.</summary>
    public required OptimizerKind Optimizer { get; init; }

    /// <summary>Initial learning rate.</summary>
    public required double LearningRate { get; init; }

    /// <summary>SGD momentum.</summary>
    public double Momentum { get; init; }

    /// <summary>Nesterov momentum for SGD.</summary>
    public bool Nesterov { get; init; }

    /// <summary>Weight decay.</summary>
    public double WeightDecay { get; init; }

    /// <summary>AMSGrad for Adam and AdamW.</summary>
    public bool Amsgrad { get; init; }

    /// <summary>The learning-rate schedule.</summary>
    public ScheduleKind Schedule { get; init; } = ScheduleKind.Poly;

    /// <summary>The U-Net's normalisation layers.</summary>
    public Normalization Normalization { get; init; } = Normalization.Batch;

    /// <summary>The baseline's: the defaults of <see cref="TrainerOptions"/> and <see cref="UNetOptions"/> (Adam 1e-3, weight decay 3e-5, poly, BatchNorm).</summary>
    public static MethodPreset Baseline { get; } = Of(new TrainerOptions(), new UNetOptions().Normalization);

    /// <summary>CoLab's (Li et al.; nnU-Net's): SGD 1e-2, momentum 0.99, Nesterov, weight decay 3e-5, poly, InstanceNorm.</summary>
    public static MethodPreset CoLab { get; } = new()
    {
        Optimizer = OptimizerKind.Sgd, LearningRate = 1e-2, Momentum = 0.99, Nesterov = true, WeightDecay = 3e-5, Normalization = Normalization.Instance,
    };

    /// <summary>MaskSup's (Zunair and Ben Hamza, official code): Adam 1e-4 with AMSGrad, weight decay 1e-5, poly, BatchNorm.</summary>
    public static MethodPreset MaskSup { get; } = new() { Optimizer = OptimizerKind.Adam, LearningRate = 1e-4, WeightDecay = 1e-5, Amsgrad = true };

    /// <summary>
    /// Stage 1 (contrastive pretraining) of semantic-aware contrastive learning (Lee et al., official code): SGD 5e-4,
    /// momentum 0.9 without Nesterov, weight decay 1e-4, cosine (SupContrast's); the network, normalisation included, is
    /// stage 2's. Its stage 2 and joint training use <see cref="Baseline"/>.
    /// </summary>
    public static MethodPreset ContrastivePretraining { get; } = new()
    {
        Optimizer = OptimizerKind.Sgd, LearningRate = 5e-4, Momentum = 0.9, WeightDecay = 1e-4, Schedule = ScheduleKind.Cosine,
    };

    /// <summary>The preset <paramref name="training"/> and <paramref name="normalization"/> describe.</summary>
    public static MethodPreset Of(TrainerOptions training, Normalization normalization)
    {
        ArgumentNullException.ThrowIfNull(training);
        return new()
        {
            Optimizer = training.Optimizer, LearningRate = training.LearningRate, Momentum = training.Momentum, Nesterov = training.Nesterov,
            WeightDecay = training.WeightDecay, Amsgrad = training.Amsgrad, Schedule = training.Schedule, Normalization = normalization,
        };
    }

    /// <summary><paramref name="training"/> with this preset's optimizer, learning rate, momentum, Nesterov, weight decay, AMSGrad and schedule.</summary>
    public TrainerOptions ApplyTo(TrainerOptions training)
    {
        ArgumentNullException.ThrowIfNull(training);
        return training with
        {
            Optimizer = Optimizer, LearningRate = LearningRate, Momentum = Momentum, Nesterov = Nesterov, WeightDecay = WeightDecay,
            Amsgrad = Amsgrad, Schedule = Schedule,
        };
    }

    /// <summary><paramref name="network"/> with this preset's normalisation.</summary>
    public UNetOptions ApplyTo(UNetOptions network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return network with { Normalization = Normalization };
    }

    /// <summary>The optimizer and schedule in words, e.g. <c>Sgd lr 1e-2, momentum 0.99 (Nesterov), weight decay 3e-5, Poly</c>.</summary>
    public string OptimizerSummary
    {
        get
        {
            string momentum = Optimizer == OptimizerKind.Sgd ? $", momentum {Momentum}{(Nesterov ? " (Nesterov)" : "")}" : Amsgrad ? " (AMSGrad)" : "";
            return string.Create(CultureInfo.InvariantCulture, $"{Optimizer} lr {LearningRate:0.##e-0}{momentum}, weight decay {WeightDecay:0.##e-0}, {Schedule}");
        }
    }

    /// <summary>The preset in words, e.g. <c>Sgd lr 1e-2, momentum 0.99 (Nesterov), weight decay 3e-5, Poly, Instance norm</c>.</summary>
    public override string ToString() => $"{OptimizerSummary}, {Normalization} norm";
}
