using MLSegmentation.Onnx;
using MLSegmentation.Transforms;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Trainers.Serialization;
using MLSegmentation.Trainers.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MLSegmentation.Trainers.Methods;

/// <summary>
/// <c>colab+masksup</c> (METHODS.md, "Methods compose"): MaskSup's masked branch trained against CoLab's soft targets,
/// composed of the two methods' pieces on the one training loop. Each step, <see cref="CoLabMethod.Supervision"/> runs
/// CoLab's meta step when due (on the clean images only: L_meta and the generator never see the masked branch) and gives
/// L_train against the step's soft targets t; then L = α·L_train(f(x), t) + β·L_train(f(x ⊙ (1 − M) + fill·M), t) +
/// γ·MSE(softmax(o1), softmax(o2)) over the C + K channels (<see cref="MaskSupLoss"/> with L_train as its supervision, the
/// masks of <see cref="MaskSupMethod.MaskedImages"/>).
/// </summary>
/// <remarks>
/// Everything else is CoLab's: C + K output channels, the distance fade as side data, the generator and its Adam in the
/// checkpoint, and <see cref="Predict"/> with the context merge, so the saved model and its ONNX graph (the plain U-Net
/// plus the merge) are those of a CoLab model. MaskSup takes part in multi-class form only (the C + K channels are
/// softmaxed), and its <see cref="MaskSupOptions.SegmentationLoss"/> must be null: L_train is the supervision of both branches.
/// </remarks>
public sealed class CoLabMaskSupMethod : TrainingMethod
{
    private readonly MaskSupLoss _loss;

    /// <summary>CoLab with <paramref name="coLab"/> and MaskSup with <paramref name="maskSup"/> (each the defaults when null).</summary>
    /// <exception cref="ArgumentException">An option is out of range, MaskSup is in binary mode, or it has its own segmentation loss.</exception>
    public CoLabMaskSupMethod(CoLabOptions? coLab = null, MaskSupOptions? maskSup = null)
    {
        maskSup ??= new MaskSupOptions();
        Validate(maskSup);
        CoLab = new CoLabMethod(coLab);
        MaskSup = new MaskSupMethod(maskSup);
        _loss = new MaskSupLoss(maskSup);
    }

    /// <summary>The CoLab part: its options, generator and meta-step counts.</summary>
    public CoLabMethod CoLab { get; }

    /// <summary>The MaskSup part: its options and the run's masks.</summary>
    public MaskSupMethod MaskSup { get; }

    /// <inheritdoc/>
    public override string Name => "colab+masksup";

    /// <summary>CoLab's C + K channels.</summary>
    public override int OutputChannels(int classes) => CoLab.OutputChannels(classes);

    /// <inheritdoc/>
    public override ContextMergeRule ContextMerge => CoLab.ContextMerge;

    /// <summary>CoLab's distance fade.</summary>
    public override IReadOnlyList<ISampleTransform> SampleTransforms => CoLab.SampleTransforms;

    /// <summary>Builds CoLab's generator and MaskSup's masks.</summary>
    public override void Initialize(TrainingContext context)
    {
        CoLab.Initialize(context);
        MaskSup.Initialize(context);
    }

    /// <inheritdoc/>
    public override Tensor Loss(TrainingContext context, TrainingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = torch.NewDisposeScope();
        Func<IReadOnlyList<Tensor>, Tensor> supervision = CoLab.Supervision(context, batch);
        IReadOnlyList<Tensor> clean = context.Network.ForwardDeep(batch.Images);
        IReadOnlyList<Tensor> masked = context.Network.ForwardDeep(MaskSup.MaskedImages(context.Step, batch));
        return _loss.Compute(clean, masked, supervision).MoveToOuterDisposeScope();
    }

    /// <summary>CoLab's C class scores, context merged into background.</summary>
    public override Tensor Predict(UNet network, Tensor images) => CoLab.Predict(network, images);

    /// <summary>CoLab's state (the generator and its Adam); MaskSup's masks are a function of the seed and step.</summary>
    public override void SaveState(TensorArchive checkpoint, string prefix) => CoLab.SaveState(checkpoint, prefix);

    /// <inheritdoc/>
    public override void LoadState(TensorArchive checkpoint, string prefix) => CoLab.LoadState(checkpoint, prefix);

    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="maskSup"/> cannot take part in the composition.</summary>
    internal static void Validate(MaskSupOptions maskSup)
    {
        maskSup.Validate();
        if (maskSup.Mode != MaskSupMode.MultiClass)
            throw new ArgumentException("colab+masksup needs MaskSup in multi-class mode: the C + K channels are softmaxed", nameof(maskSup));
        if (maskSup.SegmentationLoss is not null)
            throw new ArgumentException("colab+masksup supervises both branches with CoLab's L_train: MaskSupOptions.SegmentationLoss must be null", nameof(maskSup));
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CoLab.Dispose();
            MaskSup.Dispose();
        }
        base.Dispose(disposing);
    }
}
