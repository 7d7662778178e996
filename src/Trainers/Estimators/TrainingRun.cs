using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;
using static TorchSharp.torch;

namespace MLSegmentation.Trainers.Estimators;

/// <summary>
/// The one way a trainer of the catalogs trains: check the data against the preprocessing and network, build the
/// loaders (preprocessing and augmentation), run the training loop with the method, and wrap the result as a
/// <see cref="SegmentationModel"/>.
/// </summary>
internal static class TrainingRun
{
    public static SegmentationModel Train(ISegmentationDataset train, ISegmentationDataset? validation, Preprocessing preprocessing,
        IReadOnlyList<ISampleTransform> augmentations, Func<TrainingMethod> createMethod, TrainerEstimatorOptions options, TrainerOptions training,
        Device device, Action<string> log, Action<TrainingProgress> progress, CancellationToken cancellationToken)
    {
        DataSchema schema = DataSchema.Check(train, validation, preprocessing, options.Network);
        using TrainingMethod method = createMethod();
        var preprocess = preprocessing.ToTransforms();
        var loaderOptions = new BatchLoaderOptions
        {
            BatchSize = training.BatchSize, Seed = training.Seed, Workers = options.Workers, SkipBadSamples = options.SkipBadSamples,
            SampleSkipped = s => log($"skipped {s}"),
        };
        var trainLoader = new BatchLoader(train, loaderOptions, new TransformPipeline(training.Seed, [.. preprocess, .. augmentations]));
        using var source = new DatasetBatchSource(trainLoader, schema.Classes, schema.Channels, training.Steps);
        DatasetValidationSource? validationSource = validation is null ? null : new DatasetValidationSource(new BatchLoader(validation,
            loaderOptions with { Shuffle = false, DropLast = false }, new TransformPipeline(training.Seed, preprocess)));

        var trainer = new SegmentationTrainer(method, options.Network, training) { Device = device };
        trainer.Progress += progress;
        TrainingResult result = trainer.Fit(source, validationSource, options.CheckpointFolder, options.Resume, cancellationToken);
        return new SegmentationModel(result.Network, preprocessing, schema.ClassNames, method.Name,
            method.OutputChannels(schema.Classes) - schema.Classes);
    }
}
