using MLSegmentation.Transforms;

namespace MLSegmentation.Trainers.Estimators;

/// <summary>
/// An estimator chain in ML.NET's shape: preprocessing (applied at training and inference), training-only
/// augmentations, and a trainer, joined with <see cref="Append(SegmentationPipeline)"/>;
/// <see cref="Fit"/> trains and returns a <see cref="SegmentationModel"/>. Immutable: Append returns a new chain.
/// </summary>
public sealed class SegmentationPipeline
{
    private readonly SegmentationContext _context;

    internal SegmentationPipeline(SegmentationContext context, Preprocessing preprocessing, IReadOnlyList<ISampleTransform> augmentations,
        SegmentationTrainerEstimator? trainer)
    {
        _context = context;
        Preprocessing = preprocessing;
        Augmentations = augmentations;
        Trainer = trainer;
    }

    /// <summary>The deterministic steps, as the model will repeat them.</summary>
    public Preprocessing Preprocessing { get; }

    /// <summary>Random transforms applied to training samples only (label-aware).</summary>
    public IReadOnlyList<ISampleTransform> Augmentations { get; }

    /// <summary>The trainer, once appended.</summary>
    public SegmentationTrainerEstimator? Trainer { get; }

    /// <summary>This chain followed by <paramref name="next"/>.</summary>
    public SegmentationPipeline Append(SegmentationPipeline next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (Trainer is not null) throw new InvalidOperationException($"the pipeline already ends with the {Trainer.Name} trainer; append transforms before it");
        return new SegmentationPipeline(_context, Preprocessing.Then(next.Preprocessing), [.. Augmentations, .. next.Augmentations], next.Trainer);
    }

    /// <summary>This chain ending with <paramref name="trainer"/>.</summary>
    public SegmentationPipeline Append(SegmentationTrainerEstimator trainer)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        if (Trainer is not null) throw new InvalidOperationException($"the pipeline already ends with the {Trainer.Name} trainer");
        return new SegmentationPipeline(_context, Preprocessing, Augmentations, trainer);
    }

    /// <summary>
    /// Checks the data against the chain (classes declared, input size suits the network, validation classes
    /// match), then trains. Progress goes to the context's <see cref="SegmentationContext.Progress"/> event.
    /// </summary>
    public SegmentationModel Fit(ISegmentationDataset train, ISegmentationDataset? validation = null, CancellationToken cancellationToken = default)
    {
        if (Trainer is null) throw new InvalidOperationException("the pipeline has no trainer: append one from ctx.Trainers before Fit");
        return Trainer.Fit(train, validation, Preprocessing, Augmentations, cancellationToken);
    }
}
