using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Segmenters;

namespace MLSegmentation.Trainers.Training;

/// <summary>What a <see cref="TrainingMethod"/> sees of the run: the network, its optimizer, the step and the options.</summary>
public sealed class TrainingContext
{
    internal TrainingContext(UNet network, OptimizerHelper optimizer, TrainerOptions options, int classes, Device device)
    {
        Network = network;
        Optimizer = optimizer;
        Options = options;
        Classes = classes;
        Device = device;
    }

    /// <summary>The segmenter being trained (owned by the trainer).</summary>
    public UNet Network { get; }

    /// <summary>The segmenter's optimizer (owned by the trainer).</summary>
    public OptimizerHelper Optimizer { get; }

    /// <summary>The run's options.</summary>
    public TrainerOptions Options { get; }

    /// <summary>Classes of the task, background included (the network may have more channels, e.g. CoLab's context classes).</summary>
    public int Classes { get; }

    /// <summary>Where the network's parameters live.</summary>
    public Device Device { get; }

    /// <summary>The current step (0-based).</summary>
    public long Step { get; internal set; }

    /// <summary>The segmenter's current learning rate (first parameter group).</summary>
    public double LearningRate => Optimizer.ParamGroups.First().LearningRate;
}
