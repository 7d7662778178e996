using MLSegmentation.Trainers.Engine;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MLSegmentation.Trainers.Losses;

/// <summary>
/// A loss over deep-supervision outputs (full resolution first, then 1/2, 1/4, …): Σ_k w_k·loss(o_k, y_k)
/// with w_k ∝ 2^−k, the lowest resolution weighted 0 when there are several, normalised to sum to 1
/// (METHODS.md: [4/7, 2/7, 1/7, 0] for four outputs). Class-index targets are resized by nearest
/// neighbour; soft targets by average pooling.
/// </summary>
public sealed class DeepSupervisionLoss(ISegmentationLoss loss)
{
    /// <summary>The weights for <paramref name="outputs"/> outputs.</summary>
    public static double[] Weights(int outputs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        double[] w = Enumerable.Range(0, outputs).Select(k => outputs > 1 && k == outputs - 1 ? 0 : Math.Pow(0.5, k)).ToArray();
        double sum = w.Sum();
        return w.Select(v => v / sum).ToArray();
    }

    /// <summary>The weighted loss; a single output is just the wrapped loss.</summary>
    public Tensor Compute(IReadOnlyList<Tensor> outputs, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(target);
        if (outputs.Count == 1) return loss.Compute(outputs[0], target);
        double[] weights = Weights(outputs.Count);
        using var scope = torch.NewDisposeScope();
        Tensor total = torch.zeros([], device: outputs[0].device);
        for (int k = 0; k < outputs.Count; k++)
        {
            if (weights[k] == 0) continue;
            total = total + loss.Compute(outputs[k], Resize(target, outputs[k])) * weights[k];
        }
        return total.MoveToOuterDisposeScope();
    }

    /// <summary><paramref name="target"/> at <paramref name="output"/>'s resolution.</summary>
    public static Tensor Resize(Tensor target, Tensor output)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(output);
        long[] size = output.shape.AsSpan(2).ToArray();
        if (target.is_floating_point())
        {
            long[] factors = TensorOps.SpatialFactors(target, output);
            return factors.All(f => f == 1) ? target.alias() : TensorOps.AvgPool(target, factors);
        }
        if (target.shape.AsSpan(1).SequenceEqual(size)) return target.alias();
        using var scope = torch.NewDisposeScope();
        var asFloat = target.unsqueeze(1).to(ScalarType.Float32);
        return F.interpolate(asFloat, size: size).squeeze(1).to(ScalarType.Int64).MoveToOuterDisposeScope();
    }
}
