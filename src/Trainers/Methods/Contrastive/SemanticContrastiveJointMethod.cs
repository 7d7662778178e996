using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Losses;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Trainers.Methods;

/// <summary>
/// Joint semantic-aware contrastive learning as hooks of <see cref="SegmentationTrainer"/>:
/// L = L_seg + λ·L_SupCon. L_seg (Dice + cross-entropy, deep supervision when the network has it) is computed
/// on the batch as given, L_SupCon on two augmented views of it built inside the hook, so a step runs the
/// whole network once and the encoder once more on 2N views. The projection head and its optimizer state
/// go into the run's checkpoints; the trained network is an ordinary segmenter (nothing to merge or drop
/// at export).
/// </summary>
public sealed class SemanticContrastiveJointMethod(SemanticContrastiveOptions? options = null, ISegmentationLoss? loss = null)
    : ContrastiveObjectiveMethod(options ?? new SemanticContrastiveOptions { Schedule = ContrastiveSchedule.Joint })
{
    private readonly DeepSupervisionLoss _segmentation = new(loss ?? new DiceCrossEntropyLoss());

    /// <inheritdoc/>
    public override string Name => "semantic-contrastive-joint";

    /// <inheritdoc/>
    public override void Initialize(TrainingContext context)
    {
        if (Objective.Options.Attention != AttentionMode.FeaturePooling)
            throw new InvalidOperationException("joint training needs FeaturePooling attention: with InputChannel the segmenter would need a mask at inference");
        Objective.Initialize(context);
    }

    /// <inheritdoc/>
    public override Tensor Loss(TrainingContext context, TrainingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(batch);
        Objective.ZeroGrad();
        Tensor segmentation = _segmentation.Compute(context.Network.ForwardDeep(batch.Images), batch.Labels);
        Tensor contrastive = Objective.Compute(context.Network, batch, context.Classes, context.Step);
        return segmentation + contrastive * Objective.Options.Lambda;
    }
}
