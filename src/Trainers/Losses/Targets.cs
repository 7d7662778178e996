using TorchSharp;
using static TorchSharp.torch;

namespace MLSegmentation.Trainers.Losses;

/// <summary>Conversions between the two target forms a loss accepts.</summary>
public static class Targets
{
    /// <summary>
    /// Soft targets [N, C, spatial…] (float32) for <paramref name="target"/>: one-hot encoded when it holds
    /// class indices (int64 [N, spatial…]), returned as an alias when it already has the logits' shape.
    /// </summary>
    public static Tensor AsProbabilities(Tensor target, Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(logits);
        if (target.is_floating_point())
        {
            if (!target.shape.SequenceEqual(logits.shape))
                throw new ArgumentException($"soft targets have shape [{string.Join(", ", target.shape)}], the logits [{string.Join(", ", logits.shape)}]", nameof(target));
            return target.alias();
        }
        long classes = logits.size(1);
        CheckIndices(target, logits);
        using var scope = torch.NewDisposeScope();
        var oneHot = torch.nn.functional.one_hot(target, classes).to(ScalarType.Float32);
        long rank = oneHot.dim();
        var order = new long[rank];
        order[0] = 0;
        order[1] = rank - 1;
        for (long d = 2; d < rank; d++) order[d] = d - 1;
        return oneHot.permute(order).MoveToOuterDisposeScope();
    }

    internal static void CheckIndices(Tensor target, Tensor logits)
    {
        long[] t = target.shape, l = logits.shape;
        if (t.Length != l.Length - 1 || t[0] != l[0] || !t.Skip(1).SequenceEqual(l.Skip(2)))
            throw new ArgumentException($"class-index targets have shape [{string.Join(", ", t)}], expected [{l[0]}, {string.Join(", ", l.Skip(2))}] for logits [{string.Join(", ", l)}]", nameof(target));
        if (target.dtype != ScalarType.Int64)
            throw new ArgumentException($"class-index targets must be int64, got {target.dtype}", nameof(target));
    }
}
