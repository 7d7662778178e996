using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Losses;
using F = TorchSharp.torch.nn.functional;

namespace MLSegmentation.Trainers.Methods;

/// <summary>
/// MaskSup's loss on the two branches' logits: α·L_seg(o1, y) + β·L_seg(o2, y) + γ·MSE(P(o1), P(o2)), P = softmax
/// over channels (multi-class) or σ (binary), MSE the mean over every element. Nothing is detached: the similarity
/// term sends gradient to both branches. With deep supervision the segmentation terms weight every resolution as
/// <see cref="DeepSupervisionLoss"/> does and the similarity term compares the full-resolution outputs.
/// </summary>
public sealed class MaskSupLoss
{
    private readonly MaskSupOptions _options;
    private readonly DeepSupervisionLoss _segmentation;

    /// <summary>The loss for <paramref name="options"/> (defaults when null).</summary>
    public MaskSupLoss(MaskSupOptions? options = null)
    {
        _options = options ?? new MaskSupOptions();
        _options.Validate();
        ISegmentationLoss loss = _options.Mode == MaskSupMode.Binary
            ? new BinaryLogitLoss(_options.SegmentationLoss)
            : _options.SegmentationLoss ?? new CrossEntropyLoss();
        _segmentation = new DeepSupervisionLoss(loss);
    }

    /// <summary>The loss of the clean branch's logits <paramref name="clean"/> and the masked branch's <paramref name="masked"/> against <paramref name="labels"/>.</summary>
    public Tensor Compute(Tensor clean, Tensor masked, Tensor labels) => Compute([clean], [masked], labels);

    /// <summary>The loss over deep-supervision outputs (full resolution first) of both branches.</summary>
    public Tensor Compute(IReadOnlyList<Tensor> clean, IReadOnlyList<Tensor> masked, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return Compute(clean, masked, outputs => _segmentation.Compute(outputs, labels));
    }

    /// <summary>
    /// The loss over deep-supervision outputs of both branches with another supervision in place of L_seg:
    /// α·<paramref name="supervision"/>(o1) + β·<paramref name="supervision"/>(o2) + γ·MSE(P(o1), P(o2)) (CoLab's L_train
    /// against its soft targets, in <see cref="CoLabMaskSupMethod"/>). <see cref="MaskSupOptions.SegmentationLoss"/> is not used.
    /// </summary>
    /// <param name="clean">The clean branch's outputs, full resolution first.</param>
    /// <param name="masked">The masked branch's outputs, full resolution first.</param>
    /// <param name="supervision">The supervised loss of one branch's outputs.</param>
    public Tensor Compute(IReadOnlyList<Tensor> clean, IReadOnlyList<Tensor> masked, Func<IReadOnlyList<Tensor>, Tensor> supervision)
    {
        ArgumentNullException.ThrowIfNull(clean);
        ArgumentNullException.ThrowIfNull(masked);
        ArgumentNullException.ThrowIfNull(supervision);
        if (clean.Count == 0 || clean.Count != masked.Count)
            throw new ArgumentException($"{clean.Count} clean and {masked.Count} masked outputs", nameof(masked));
        using var scope = torch.NewDisposeScope();
        Tensor total = torch.zeros([], device: clean[0].device);
        if (_options.Alpha != 0) total = total + supervision(clean) * _options.Alpha;
        if (_options.Beta != 0) total = total + supervision(masked) * _options.Beta;
        if (_options.Gamma != 0) total = total + Similarity(clean[0], masked[0]) * _options.Gamma;
        return total.MoveToOuterDisposeScope();
    }

    /// <summary>The similarity term MSE(P(o1), P(o2)), without its weight.</summary>
    public Tensor Similarity(Tensor clean, Tensor masked)
    {
        ArgumentNullException.ThrowIfNull(clean);
        ArgumentNullException.ThrowIfNull(masked);
        using var scope = torch.NewDisposeScope();
        return F.mse_loss(Probabilities(clean), Probabilities(masked)).MoveToOuterDisposeScope();
    }

    /// <summary>P(logits): softmax over channels (float32) in multi-class mode, σ in binary mode.</summary>
    public Tensor Probabilities(Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (_options.Mode == MaskSupMode.MultiClass) return F.softmax(logits, 1, ScalarType.Float32);
        using var asFloat = logits.to(ScalarType.Float32);
        return F.sigmoid(asFloat);
    }
}
