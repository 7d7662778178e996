using TorchSharp;
using static TorchSharp.torch;

namespace MLSegmentation.Trainers.Losses;

/// <summary>
/// Supervised contrastive loss (Khosla et al. 2020) over L2-normalised embeddings z [M, D] with labels [M]:
/// L = −(τ/τ_base) · mean over anchors a with at least one positive of
/// (1/|P(a)|) Σ_{p∈P(a)} log( exp(z_a·z_p/τ) / Σ_{k≠a} exp(z_a·z_k/τ) ),
/// where P(a) are the other embeddings with a's label. Anchors with no positive are skipped; the row
/// maximum is subtracted for stability. With labels that pair only the two views of each image it is
/// SimCLR's NT-Xent.
/// </summary>
public sealed record SupervisedContrastiveLoss
{
    /// <summary>τ; default 0.07.</summary>
    public double Temperature { get; init; } = 0.07;

    /// <summary>τ_base; default 0.07.</summary>
    public double BaseTemperature { get; init; } = 0.07;

    /// <summary>The loss; zero (with gradient) when no anchor has a positive.</summary>
    public Tensor Compute(Tensor embeddings, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(labels);
        if (embeddings.dim() != 2) throw new ArgumentException($"embeddings must be [M, D], got [{string.Join(", ", embeddings.shape)}]", nameof(embeddings));
        long m = embeddings.size(0);
        if (labels.dim() != 1 || labels.size(0) != m) throw new ArgumentException($"labels must be [{m}], got [{string.Join(", ", labels.shape)}]", nameof(labels));
        using var scope = torch.NewDisposeScope();
        var z = embeddings.to(ScalarType.Float32);
        var similarity = z.matmul(z.transpose(0, 1)) / Temperature;
        var logits = similarity - similarity.amax([1], keepdim: true).detach();
        var notSelf = torch.eye(m, device: embeddings.device).logical_not();
        var positives = labels.unsqueeze(0).eq(labels.unsqueeze(1)).logical_and(notSelf).to(ScalarType.Float32);
        var denominator = (logits.exp() * notSelf.to(ScalarType.Float32)).sum(1, keepdim: true).log();
        var logProbability = logits - denominator;
        var positiveCount = positives.sum(1);
        var hasPositive = positiveCount.gt(0);
        var meanLogProbability = (positives * logProbability).sum(1) / positiveCount.clamp(min: 1);
        var anchors = hasPositive.to(ScalarType.Float32);
        var loss = -(Temperature / BaseTemperature) * (meanLogProbability * anchors).sum() / anchors.sum().clamp(min: 1);
        return loss.MoveToOuterDisposeScope();
    }
}
