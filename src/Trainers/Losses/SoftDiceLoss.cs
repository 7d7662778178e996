using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MLSegmentation.Trainers.Losses;

/// <summary>
/// Soft Dice loss, 1 − mean over classes of (2·tp + s) / (2·tp + fp + fn + s) with P = softmax(logits),
/// tp = Σ P·t, fp = Σ P·(1 − t), fn = Σ (1 − P)·t, summed over voxels per sample (or over the batch too
/// with <see cref="BatchDice"/>), as nnU-Net and CoLab compute it. Background (channel 0) is left out
/// unless <see cref="IncludeBackground"/>.
/// </summary>
public sealed record SoftDiceLoss : ISegmentationLoss
{
    /// <summary>Sums over the batch as well as the voxels (one Dice per class); default per sample.</summary>
    public bool BatchDice { get; init; }

    /// <summary>Counts channel 0 too; default false.</summary>
    public bool IncludeBackground { get; init; }

    /// <summary>The smoothing term s; default 1e-5.</summary>
    public double Smooth { get; init; } = 1e-5;

    /// <inheritdoc/>
    public Tensor Compute(Tensor logits, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(logits);
        using var scope = torch.NewDisposeScope();
        var p = F.softmax(logits, 1, ScalarType.Float32);
        var t = Targets.AsProbabilities(target, logits);
        long rank = logits.dim();
        long[] axes = Enumerable.Range(BatchDice ? 0 : 2, (int)rank - (BatchDice ? 0 : 2)).Where(d => d != 1).Select(d => (long)d).ToArray();
        var tp = (p * t).sum(axes);
        var fp = (p * (1 - t)).sum(axes);
        var fn = ((1 - p) * t).sum(axes);
        var dice = (2 * tp + Smooth) / (2 * tp + fp + fn + Smooth);
        if (!IncludeBackground)
        {
            if (logits.size(1) < 2) throw new ArgumentException("Dice without background needs at least two channels", nameof(logits));
            dice = dice.narrow(dice.dim() - 1, 1, logits.size(1) - 1);
        }
        return (1 - dice.mean()).MoveToOuterDisposeScope();
    }
}
