using TorchSharp;
using static TorchSharp.torch;

namespace MLSegmentation.Trainers.Losses;

/// <summary>
/// A loss on a segmenter's logits [N, C, spatial…] against either class indices [N, spatial…]
/// (int64) or soft targets of the logits' shape (probabilities over C, summing to 1 per voxel).
/// Returns a scalar tensor owned by the caller (or the current dispose scope).
/// </summary>
public interface ISegmentationLoss
{
    /// <summary>The loss of <paramref name="logits"/> against <paramref name="target"/>.</summary>
    Tensor Compute(Tensor logits, Tensor target);
}
