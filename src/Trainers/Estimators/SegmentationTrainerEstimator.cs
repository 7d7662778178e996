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
        Preprocessing preprocessing, IReadOnlyList<ISampleTransform> augmentations, CancellationToken cancellationToken)
    {
        DataSchema schema = DataSchema.Check(train, validation, preprocessing, Options.Network);
        using TrainingMethod method = _method();
        TrainerOptions training = Options.Training;
        var preprocess = preprocessing.ToTransforms(schema.Channels);
        var loaderOptions = new BatchLoaderOptions
        {
            BatchSize = training.BatchSize, Seed = training.Seed, Workers = Options.Workers, SkipBadSamples = Options.SkipBadSamples,
            SampleSkipped = s => _context.Log($"skipped {s}"),
        };
        var trainLoader = new BatchLoader(train, loaderOptions, new TransformPipeline(training.Seed, [.. preprocess, .. augmentations]));
        using var source = new DatasetBatchSource(trainLoader, schema.Classes, schema.Channels, training.Steps);
        DatasetValidationSource? validationSource = validation is null ? null : new DatasetValidationSource(new BatchLoader(validation,
            loaderOptions with { Shuffle = false, DropLast = false }, new TransformPipeline(training.Seed, preprocess)));

        var trainer = new SegmentationTrainer(method, Options.Network, training) { Device = _context.Device };
        trainer.Progress += _context.Report;
        TrainingResult result = trainer.Fit(source, validationSource, Options.CheckpointFolder, Options.Resume, cancellationToken);
        return new SegmentationModel(result.Network, preprocessing, schema.ClassNames, method.Name,
            method.OutputChannels(schema.Classes) - schema.Classes);
    }
}
