using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Losses;
using F = TorchSharp.torch.nn.functional;

namespace MLSegmentation.Trainers.Methods;

/// <summary>CoLab's two objectives (METHODS.md §1): the primary loss on soft context targets and the meta objective on the ROI channels.</summary>
public static class CoLabLosses
{
    private static readonly DiceCrossEntropyLoss Primary = new();

    /// <summary>
    /// L_train: Σ_k w_k·(soft Dice over channels 1..C+K−1 + soft cross-entropy over all channels) of output k against
    /// the soft targets at its resolution (<see cref="CoLabTargets.Pyramid"/>), w = <see cref="DeepSupervisionLoss.Weights"/>
    /// ([4/7, 2/7, 1/7, 0] for four outputs; one output is weighted 1). Differentiable in the outputs and in
    /// <paramref name="generatorProbabilities"/>.
    /// </summary>
    public static Tensor Train(IReadOnlyList<Tensor> outputs, Tensor generatorProbabilities, Tensor labels, Tensor fade, int classes)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        using var scope = torch.NewDisposeScope();
        IReadOnlyList<Tensor> targets = CoLabTargets.Pyramid(outputs, generatorProbabilities, labels, fade, classes);
        double[] weights = DeepSupervisionLoss.Weights(outputs.Count);
        Tensor? total = null;
        for (int k = 0; k < outputs.Count; k++)
        {
            if (weights[k] == 0) continue;
            Tensor term = Primary.Compute(outputs[k], targets[k]) * weights[k];
            total = total is null ? term : total + term;
        }
        return total!.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// L_meta: binary cross-entropy of the ROI channels 1..C−1 of softmax(<paramref name="logits"/>) (all C + K
    /// channels, full resolution) against the true ROI labels, summed over the ROI channels and averaged over pixels
    /// (the official code's normalisation). Indifferent to how probability splits between background and context channels.
    /// </summary>
    public static Tensor Meta(Tensor logits, Tensor labels, int classes)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        using var scope = torch.NewDisposeScope();
        Tensor p = F.softmax(logits, 1, ScalarType.Float32).narrow(1, 1, classes - 1);
        Tensor y = Targets.AsProbabilities(labels, logits.narrow(1, 0, classes)).narrow(1, 1, classes - 1);
        Tensor bce = F.binary_cross_entropy(p, y, reduction: nn.Reduction.Sum);
        return (bce / (p.numel() / (classes - 1))).MoveToOuterDisposeScope();
    }
}
