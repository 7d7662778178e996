using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Losses;
using F = TorchSharp.torch.nn.functional;

namespace MLSegmentation.Trainers.Methods;

/// <summary>
/// The segmentation loss of one-logit outputs z [N, 1, spatial…] against labels {0, 1} [N, spatial…] (or soft
/// targets [N, 1, spatial…]): binary cross-entropy with logits, or a given loss on the two-class logits
/// <see cref="BinaryLogits.Expand"/> (cross-entropy there is the same BCE).
/// </summary>
internal sealed class BinaryLogitLoss(ISegmentationLoss? twoClassLoss) : ISegmentationLoss
{
    public Tensor Compute(Tensor logits, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(target);
        if (logits.dim() < 3 || logits.size(1) != 1)
            throw new ArgumentException($"binary MaskSup needs one logit channel, got [{string.Join(", ", logits.shape)}]", nameof(logits));
        using var scope = torch.NewDisposeScope();
        if (twoClassLoss is not null)
        {
            Tensor twoClassTarget = target.is_floating_point() ? torch.cat([1 - target, target], 1) : target;
            return twoClassLoss.Compute(BinaryLogits.Expand(logits), twoClassTarget).MoveToOuterDisposeScope();
        }
        Tensor probabilities;
        if (target.is_floating_point())
        {
            probabilities = target;
        }
        else
        {
            if (target.min().ToInt64() < 0 || target.max().ToInt64() > 1)
                throw new ArgumentException("binary MaskSup needs labels 0 and 1", nameof(target));
            probabilities = target.unsqueeze(1).to(ScalarType.Float32);
        }
        return F.binary_cross_entropy_with_logits(logits.to(ScalarType.Float32), probabilities).MoveToOuterDisposeScope();
    }
}
