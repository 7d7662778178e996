using MLSegmentation.Transforms;
using MLSegmentation.Onnx;
using MLSegmentation.Trainers.Serialization;
using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Trainers.Methods;

/// <summary>
/// Any training method started from a pretrained encoder (<see cref="EncoderCheckpoint"/>): before the first
/// step the encoder's weights are loaded from <paramref name="encoderPath"/> (a resumed run then overwrites
/// them with its checkpoint's), optionally frozen; every other hook is the inner method's. Stage 2 of
/// semantic-aware contrastive learning is this around <see cref="BaselineMethod"/>. A frozen encoder gets
/// no gradient, so neither the optimizer nor weight decay moves it (batch-norm running statistics still
/// follow the data in training mode).
/// </summary>
/// <param name="inner">The method that trains the segmenter.</param>
/// <param name="encoderPath">An encoder checkpoint.</param>
/// <param name="freezeEncoder">Keep the encoder's weights fixed.</param>
public sealed class PretrainedEncoderMethod(TrainingMethod inner, string encoderPath, bool freezeEncoder = false) : TrainingMethod
{
    private readonly TrainingMethod _inner = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <summary>The encoder checkpoint the run starts from.</summary>
    public string EncoderPath { get; } = encoderPath;

    /// <summary>Whether the encoder is frozen.</summary>
    public bool FreezeEncoder { get; } = freezeEncoder;

    /// <inheritdoc/>
    public override string Name => _inner.Name + "+pretrained-encoder";

    /// <inheritdoc/>
    public override int OutputChannels(int classes) => _inner.OutputChannels(classes);

    /// <inheritdoc/>
    public override ContextMergeRule ContextMerge => _inner.ContextMerge;

    /// <inheritdoc/>
    public override IReadOnlyList<ISampleTransform> SampleTransforms => _inner.SampleTransforms;

    /// <inheritdoc/>
    public override void Initialize(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        EncoderCheckpoint.Load(context.Network, EncoderPath);
        if (FreezeEncoder) EncoderCheckpoint.SetFrozen(context.Network, true);
        _inner.Initialize(context);
    }

    /// <inheritdoc/>
    public override Tensor Loss(TrainingContext context, TrainingBatch batch) => _inner.Loss(context, batch);

    /// <inheritdoc/>
    public override void AfterStep(TrainingContext context, TrainingBatch batch) => _inner.AfterStep(context, batch);

    /// <inheritdoc/>
    public override Tensor Predict(UNet network, Tensor images) => _inner.Predict(network, images);

    /// <inheritdoc/>
    public override void SaveState(TensorArchive checkpoint, string prefix) => _inner.SaveState(checkpoint, prefix);

    /// <inheritdoc/>
    public override void LoadState(TensorArchive checkpoint, string prefix) => _inner.LoadState(checkpoint, prefix);

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}
