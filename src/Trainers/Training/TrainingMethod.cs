using MLSegmentation.Transforms;
using MLSegmentation.Onnx;
using MLSegmentation.Trainers.Serialization;
using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Segmenters;

namespace MLSegmentation.Trainers.Training;

/// <summary>
/// A training method as a set of hooks on the one training loop (<see cref="SegmentationTrainer"/>):
/// the baseline overrides only <see cref="Loss"/>; CoLab adds a task generator, soft targets and a meta
/// step (<see cref="AfterStep"/>) and merges its context channels in <see cref="Predict"/>; MaskSup adds
/// a masked branch to <see cref="Loss"/>. Methods compose by wrapping one another.
/// </summary>
public abstract class TrainingMethod : IDisposable
{
    /// <summary>Short name written to checkpoints, reports and exported models (e.g. <c>baseline</c>).</summary>
    public abstract string Name { get; }

    /// <summary>Output channels of the segmenter for a task of <paramref name="classes"/> classes.</summary>
    public virtual int OutputChannels(int classes) => classes;

    /// <summary>How <see cref="Predict"/> merges output channels beyond the classes (CoLab's context channels) into background; the trained model keeps it.</summary>
    public virtual ContextMergeRule ContextMerge => ContextMergeRule.ArgMaxThenMap;

    /// <summary>
    /// Per-sample transforms the method needs in its training data, run after preprocessing and before augmentation so
    /// that augmentation moves what they add (side data) with the image; their side data reaches <see cref="Loss"/> as
    /// <see cref="TrainingBatch.SideData"/>, in order. None by default.
    /// </summary>
    public virtual IReadOnlyList<ISampleTransform> SampleTransforms => [];

    /// <summary>Called once before the first step (after a resume too): build extra modules and optimizers here.</summary>
    public virtual void Initialize(TrainingContext context)
    {
    }

    /// <summary>The step's loss (a scalar the trainer back-propagates); called inside the step's dispose scope and autocast.</summary>
    public abstract Tensor Loss(TrainingContext context, TrainingBatch batch);

    /// <summary>Called after the segmenter's optimizer step, still inside the step's dispose scope.</summary>
    public virtual void AfterStep(TrainingContext context, TrainingBatch batch)
    {
    }

    /// <summary>Logits over the task's classes [N, Classes, spatial…] for inference and validation.</summary>
    public virtual Tensor Predict(UNet network, Tensor images)
    {
        ArgumentNullException.ThrowIfNull(network);
        return network.forward(images);
    }

    /// <summary>Adds the method's own state (extra modules, optimizers) to a checkpoint under <paramref name="prefix"/>.</summary>
    public virtual void SaveState(TensorArchive checkpoint, string prefix)
    {
    }

    /// <summary>Restores what <see cref="SaveState"/> wrote.</summary>
    public virtual void LoadState(TensorArchive checkpoint, string prefix)
    {
    }

    /// <summary>Releases the method's own modules and optimizers.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the method's own modules and optimizers.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}
