using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Losses;

namespace MLSegmentation.Trainers.Training;

/// <summary>Plain supervised training: the segmentation loss (Dice + cross-entropy by default) on the network's outputs, with deep supervision when the network has it.</summary>
public sealed class BaselineMethod(ISegmentationLoss? loss = null) : TrainingMethod
{
    private readonly DeepSupervisionLoss _loss = new(loss ?? new DiceCrossEntropyLoss());

    /// <inheritdoc/>
    public override string Name => "baseline";

    /// <inheritdoc/>
    public override Tensor Loss(TrainingContext context, TrainingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(batch);
        return _loss.Compute(context.Network.ForwardDeep(batch.Images), batch.Labels);
    }
}
