using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;

namespace MLSegmentation.Trainers.Estimators;

/// <summary>
/// The trainer step of a pipeline, made by the <see cref="TrainersCatalog"/>: a method (baseline, CoLab,
/// MaskSup, contrastive) and the options every method shares. <see cref="SegmentationPipeline.Fit"/>
/// checks the data against it, then runs the one training loop.
/// </summary>
public sealed class SegmentationTrainerEstimator
{
    private readonly Func<TrainingMethod> _method;
    private readonly SegmentationContext _context;

    internal SegmentationTrainerEstimator(SegmentationContext context, string name, Func<TrainingMethod> method, TrainerEstimatorOptions options)
    {
        _context = context;
        Name = name;
        _method = method;
        Options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <summary>The method's name.</summary>
    public string Name { get; }

    /// <summary>The shared options.</summary>
    public TrainerEstimatorOptions Options { get; }

    internal SegmentationModel Fit(ISegmentationDataset train, ISegmentationDataset? validation,
        Preprocessing preprocessing, IReadOnlyList<ISampleTransform> augmentations, CancellationToken cancellationToken) =>
        TrainingRun.Train(train, validation, preprocessing, augmentations, _method, Options, Options.Training, _context.Device,
            _context.Log, _context.Report, cancellationToken);
}
