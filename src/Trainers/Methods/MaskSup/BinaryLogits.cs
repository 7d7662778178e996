using TorchSharp;
using static TorchSharp.torch;

namespace MLSegmentation.Trainers.Methods;

/// <summary>
/// One-logit (binary) outputs as two-class logits: z ↦ [0, z], whose softmax is [1 − σ(z), σ(z)] and whose argmax
/// is 1 exactly where σ(z) &gt; 0.5. Validation, metrics and the exported model's softmax/argmax head then treat a
/// binary network like a two-class one.
/// </summary>
public static class BinaryLogits
{
    /// <summary>[N, 2, spatial…] logits [0, z] from one-channel logits z [N, 1, spatial…].</summary>
    public static Tensor Expand(Tensor logit)
    {
        ArgumentNullException.ThrowIfNull(logit);
        if (logit.dim() < 3 || logit.size(1) != 1)
            throw new ArgumentException($"expected one-channel logits [N, 1, spatial…], got [{string.Join(", ", logit.shape)}]", nameof(logit));
        using var zero = logit.zeros_like();
        return torch.cat([zero, logit], 1);
    }
}
