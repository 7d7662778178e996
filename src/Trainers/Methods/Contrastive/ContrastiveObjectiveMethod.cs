using MLSegmentation.Trainers.Serialization;
using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Trainers.Methods;

/// <summary>
/// What the contrastive methods share: a <see cref="SemanticContrastiveObjective"/> whose projection head is
/// stepped after the segmenter's optimizer and saved (with its optimizer state) in the run's checkpoints.
/// </summary>
public abstract class ContrastiveObjectiveMethod(SemanticContrastiveOptions options) : TrainingMethod
{
    /// <summary>The contrastive term (head, optimizer, views).</summary>
    public SemanticContrastiveObjective Objective { get; } = new(options);

    /// <inheritdoc/>
    public override void AfterStep(TrainingContext context, TrainingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(context);
        Objective.Step(context.LearningRate);
    }

    /// <inheritdoc/>
    public override void SaveState(TensorArchive checkpoint, string prefix) => Objective.SaveState(checkpoint, prefix);

    /// <inheritdoc/>
    public override void LoadState(TensorArchive checkpoint, string prefix) => Objective.LoadState(checkpoint, prefix);

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) Objective.Dispose();
        base.Dispose(disposing);
    }
}
