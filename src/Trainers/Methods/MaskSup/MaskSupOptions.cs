using MLSegmentation.Trainers.Losses;
using MLSegmentation.Transforms;

namespace MLSegmentation.Trainers.Methods;

/// <summary>
/// Options of MaskSup (<see cref="MaskSupMethod"/>, METHODS.md §3): the loss
/// L = α·L_seg(o1, y) + β·L_seg(o2, y) + γ·MSE(P(o1), P(o2)) with o1 = f(x) and
/// o2 = f(x ⊙ (1 − M) + fill·M), M a free-form hole mask drawn fresh for each sample at each step.
/// </summary>
/// <remarks>
/// The official multi-class code (NYUDv2) compares the two branches' argmax maps, which carries no
/// gradient, so its similarity term does not train anything: <see cref="Gamma"/> = 0 reproduces it. The
/// official binary code and the paper use probabilities, as the default γ = 1 does here.
/// </remarks>
public sealed record MaskSupOptions
{
    /// <summary>α, weight of the segmentation loss on the clean branch. Default 1.</summary>
    public double Alpha { get; init; } = 1;

    /// <summary>β, weight of the segmentation loss on the masked branch. Default 1.</summary>
    public double Beta { get; init; } = 1;

    /// <summary>
    /// γ, weight of the similarity term MSE(P(o1), P(o2)) (P = softmax or sigmoid). Default 1; 0 matches the
    /// official multi-class code, whose argmax comparison has no gradient.
    /// </summary>
    public double Gamma { get; init; } = 1;

    /// <summary>Smallest share of the image a hole mask covers. Default 0.4.</summary>
    public double MaskCoverageMin { get; init; } = 0.4;

    /// <summary>Largest share of the image a hole mask covers. Default 0.6.</summary>
    public double MaskCoverageMax { get; init; } = 0.6;

    /// <summary>
    /// The value masked pixels take, in the network's input units (after normalisation): 0, the default, is the
    /// mean of z-scored inputs and mid-grey of inputs in [−1, 1], as in the official code.
    /// </summary>
    public double FillValue { get; init; }

    /// <summary>Multi-class (softmax, cross-entropy) or binary (one logit, BCE). Default multi-class.</summary>
    public MaskSupMode Mode { get; init; } = MaskSupMode.MultiClass;

    /// <summary>
    /// The segmentation loss of the α and β terms; null (the default) for the paper's: cross-entropy in
    /// multi-class mode, binary cross-entropy with logits in binary mode. Any other loss (say
    /// <see cref="DiceCrossEntropyLoss"/>) works in both; in binary mode it sees the two logits [0, z]
    /// (cross-entropy on them equals BCE on z).
    /// </summary>
    public ISegmentationLoss? SegmentationLoss { get; init; }

    /// <summary>Seed of the hole masks; null (the default) takes the trainer's <see cref="Training.TrainerOptions.Seed"/>.</summary>
    public long? Seed { get; init; }

    /// <summary>Threads drawing one batch's masks; 0 (the default) uses every core. The masks do not depend on it.</summary>
    public int MaskWorkers { get; init; }

    /// <summary>Brush shape of the hole masks (coverage is taken from <see cref="MaskCoverageMin"/> and <see cref="MaskCoverageMax"/>); null for the defaults.</summary>
    public HoleMaskOptions? Brush { get; init; }

    /// <summary>The hole-mask options these options imply.</summary>
    public HoleMaskOptions HoleMasks => (Brush ?? new HoleMaskOptions()) with { MaskCoverageMin = MaskCoverageMin, MaskCoverageMax = MaskCoverageMax };

    /// <summary>Throws <see cref="ArgumentException"/> when an option is out of range.</summary>
    public void Validate()
    {
        if (!(Alpha >= 0 && Beta >= 0 && Gamma >= 0) || Alpha + Beta + Gamma == 0)
            throw new ArgumentException($"Need α, β, γ ≥ 0 and not all 0, got {Alpha}, {Beta}, {Gamma}.");
        if (!double.IsFinite(FillValue)) throw new ArgumentException($"FillValue must be finite, got {FillValue}.");
        ArgumentOutOfRangeException.ThrowIfNegative(MaskWorkers, nameof(MaskWorkers));
        HoleMasks.Validate();
    }
}
