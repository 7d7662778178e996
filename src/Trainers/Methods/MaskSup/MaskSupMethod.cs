using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Trainers.Methods;

/// <summary>
/// MaskSup (Zunair and Ben Hamza, BMVC 2022; METHODS.md §3) as hooks on the one training loop: each step runs the
/// one network twice, on the images (o1) and on the images with a fresh hole mask filled with
/// <see cref="MaskSupOptions.FillValue"/> (o2), and back-propagates once through <see cref="MaskSupLoss"/>.
/// Inference is a single ordinary pass, so a trained multi-class network exports to the same graph as the baseline's.
/// </summary>
/// <remarks>
/// The masks are a function of (seed, step, sample index) (<see cref="MaskSupMasks"/>): fresh for a sample each
/// time it is drawn, identical after a resume, independent of the number of mask threads. In
/// <see cref="MaskSupMode.Binary"/> mode the network has one logit channel z; <see cref="Predict"/> returns the
/// two-class logits [0, z] (<see cref="BinaryLogits"/>) so that validation argmaxes over two classes and softmax
/// gives [1 − σ(z), σ(z)]. An exporter must add that same expansion before its softmax head for a binary network.
/// </remarks>
public sealed class MaskSupMethod : TrainingMethod
{
    private readonly MaskSupLoss _loss;
    private MaskSupMasks? _masks;

    /// <summary>MaskSup with <paramref name="options"/> (the paper's defaults when null).</summary>
    public MaskSupMethod(MaskSupOptions? options = null)
    {
        Options = options ?? new MaskSupOptions();
        Options.Validate();
        _loss = new MaskSupLoss(Options);
    }

    /// <summary>The method's options.</summary>
    public MaskSupOptions Options { get; }

    /// <summary>The masks of the run (set by <see cref="Initialize"/>).</summary>
    public MaskSupMasks Masks => _masks ?? throw new InvalidOperationException("MaskSupMethod.Initialize has not run");

    /// <inheritdoc/>
    public override string Name => "masksup";

    /// <inheritdoc/>
    /// <remarks>Binary mode needs a two-class task and gives the network one channel.</remarks>
    public override int OutputChannels(int classes)
    {
        if (Options.Mode == MaskSupMode.MultiClass) return classes;
        if (classes != 2) throw new ArgumentException($"binary MaskSup needs a two-class task, got {classes} classes", nameof(classes));
        return 1;
    }

    /// <inheritdoc/>
    public override void Initialize(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        OutputChannels(context.Classes);
        _masks = new MaskSupMasks(Options.HoleMasks, Options.Seed ?? context.Options.Seed);
    }

    /// <summary>The masked branch's input for <paramref name="batch"/> at step <paramref name="step"/>: the images with the step's hole masks filled.</summary>
    public Tensor MaskedImages(long step, TrainingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Tensor images = batch.Images;
        using Tensor masks = Masks.Batch(step, batch.SampleIndices, (int)images.size(-2), (int)images.size(-1), Options.MaskWorkers);
        return MaskSupMasks.Apply(images, masks, Options.FillValue);
    }

    /// <inheritdoc/>
    public override Tensor Loss(TrainingContext context, TrainingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = torch.NewDisposeScope();
        IReadOnlyList<Tensor> clean = context.Network.ForwardDeep(batch.Images);
        IReadOnlyList<Tensor> masked = context.Network.ForwardDeep(MaskedImages(context.Step, batch));
        return _loss.Compute(clean, masked, batch.Labels).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override Tensor Predict(UNet network, Tensor images)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (Options.Mode == MaskSupMode.MultiClass) return network.forward(images);
        using Tensor logit = network.forward(images);
        return BinaryLogits.Expand(logit);
    }
}
