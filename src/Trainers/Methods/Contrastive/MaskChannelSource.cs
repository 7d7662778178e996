using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Trainers.Methods;

/// <summary>
/// The batches of <paramref name="inner"/> announced with one more input channel, so that the trainer builds
/// a U-Net whose encoder takes the image plus an attention mask (<see cref="AttentionMode.InputChannel"/>,
/// stage 1 only; the method appends the mask itself).
/// </summary>
internal sealed class MaskChannelSource(IBatchSource inner) : IBatchSource
{
    public int Classes => inner.Classes;

    public int Channels => inner.Channels + 1;

    public TrainingBatch GetBatch(long iteration, CancellationToken cancellationToken) => inner.GetBatch(iteration, cancellationToken);
}
