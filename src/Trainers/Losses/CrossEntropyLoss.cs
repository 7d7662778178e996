using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MLSegmentation.Trainers.Losses;

/// <summary>
/// Cross-entropy of logits against class indices (with optional class weights and an ignored
/// index) or against soft targets (−mean over voxels of Σ_c t_c·log softmax_c, CoLab's soft
/// cross-entropy).
/// </summary>
public sealed record CrossEntropyLoss : ISegmentationLoss
{
    /// <summary>Per-class weights (length C) for class-index targets; null for none.</summary>
    public IReadOnlyList<float>? ClassWeights { get; init; }

    /// <summary>Voxels with this label count for nothing (class-index targets); default −100.</summary>
    public long IgnoreIndex { get; init; } = -100;

    /// <inheritdoc/>
    public Tensor Compute(Tensor logits, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(target);
        if (target.is_floating_point())
        {
            using var scope = torch.NewDisposeScope();
            var t = Targets.AsProbabilities(target, logits);
            return F.log_softmax(logits.to(ScalarType.Float32), 1).mul(t).sum(1).mean().neg().MoveToOuterDisposeScope();
        }
        Targets.CheckIndices(target, logits);
        if (ClassWeights is null) return F.cross_entropy(logits, target, ignore_index: IgnoreIndex);
        if (ClassWeights.Count != logits.size(1))
            throw new ArgumentException($"{ClassWeights.Count} class weights for {logits.size(1)} classes", nameof(logits));
        using var weights = torch.tensor(ClassWeights.ToArray());
        using var cast = weights.to(logits.dtype);
        return F.cross_entropy(logits, target, cast, ignore_index: IgnoreIndex);
    }
}
