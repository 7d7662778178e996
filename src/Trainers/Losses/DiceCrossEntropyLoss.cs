using TorchSharp;
using static TorchSharp.torch;

namespace MLSegmentation.Trainers.Losses;

/// <summary>The sum DiceWeight·Dice + CrossEntropyWeight·CE, nnU-Net's and CoLab's default loss.</summary>
public sealed record DiceCrossEntropyLoss : ISegmentationLoss
{
    /// <summary>The Dice part.</summary>
    public SoftDiceLoss Dice { get; init; } = new();

    /// <summary>The cross-entropy part.</summary>
    public CrossEntropyLoss CrossEntropy { get; init; } = new();

    /// <summary>Weight of the Dice term; default 1.</summary>
    public double DiceWeight { get; init; } = 1;

    /// <summary>Weight of the cross-entropy term; default 1.</summary>
    public double CrossEntropyWeight { get; init; } = 1;

    /// <inheritdoc/>
    public Tensor Compute(Tensor logits, Tensor target)
    {
        using var scope = torch.NewDisposeScope();
        return (Dice.Compute(logits, target) * DiceWeight + CrossEntropy.Compute(logits, target) * CrossEntropyWeight).MoveToOuterDisposeScope();
    }
}
