using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Trainers.Methods;

/// <summary>
/// Stage 1 of semantic-aware contrastive learning as hooks of <see cref="SegmentationTrainer"/>: the loss
/// is SupCon over the batch's object embeddings only, so the trainer's optimizer moves the encoder (the
/// decoder gets no gradient and is left as initialised) and the method's own optimizer moves the projection
/// head. Run it with the pretraining optimizer (SGD lr 5e-4, momentum 0.9, wd 1e-4;
/// <see cref="SemanticContrastiveTrainer.PretrainingOptions"/>), then save the encoder with
/// <see cref="EncoderCheckpoint.Save"/>. The head and its optimizer state are part of the run's
/// checkpoints, so a resumed stage 1 continues exactly.
/// </summary>
public sealed class ContrastivePretrainingMethod(SemanticContrastiveOptions? options = null)
    : ContrastiveObjectiveMethod(options ?? new SemanticContrastiveOptions())
{
    /// <inheritdoc/>
    public override string Name => "semantic-contrastive-pretrain";

    /// <inheritdoc/>
    public override void Initialize(TrainingContext context) => Objective.Initialize(context);

    /// <inheritdoc/>
    public override Tensor Loss(TrainingContext context, TrainingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(context);
        Objective.ZeroGrad();
        return Objective.Compute(context.Network, batch, context.Classes, context.Step);
    }
}
