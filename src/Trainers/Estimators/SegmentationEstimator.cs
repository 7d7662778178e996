using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLSegmentation.Onnx;
using MLSegmentation.Trainers.Engine;
using MLSegmentation.Trainers.Methods;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;
using Device = TorchSharp.torch.Device;

namespace MLSegmentation.Trainers.Estimators;

/// <summary>
/// A segmentation trainer of <c>mlContext.Segmentation().Trainers</c> as an ML.NET estimator: <see cref="Fit(IDataView)"/> reads the
/// image and label columns, trains the method with TorchSharp, exports the network to ONNX and returns a
/// <see cref="SegmentationTransformer"/> that scores through ONNX Runtime. Column types are checked by
/// <see cref="GetOutputSchema"/> and at the start of <see cref="Fit(IDataView)"/>, before any training.
/// <see cref="Fit(ISegmentationDataset, ISegmentationDataset)"/> trains on the project's own datasets (folders, volumes)
/// and returns the engine's model.
/// </summary>
public sealed class SegmentationEstimator : IEstimator<SegmentationTransformer>
{
    private readonly MLContext _mlContext;
    private readonly IHost _host;
    private readonly Func<TrainingMethod> _method;
    private readonly Func<TrainerOptions, Device, ITrainingLoop>? _loop;

    /// <summary>
    /// An estimator training <paramref name="method"/> with one <see cref="SegmentationTrainer"/> or, given, the runs of
    /// <paramref name="loop"/> (whose last run's outputs <paramref name="method"/> still describes).
    /// </summary>
    internal SegmentationEstimator(MLContext mlContext, string name, Func<TrainingMethod> method, TrainerEstimatorOptions options,
        Func<TrainerOptions, Device, ITrainingLoop>? loop = null)
    {
        _loop = loop;
        _mlContext = mlContext ?? throw new ArgumentNullException(nameof(mlContext));
        _host = ((IHostEnvironment)mlContext).Register($"Segmentation.{name}");
        Name = name;
        _method = method;
        Options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <summary>The method's name (<c>baseline</c>, <c>colab</c>, …), written into the model's metadata.</summary>
    public string Name { get; }

    /// <summary>The options.</summary>
    public TrainerEstimatorOptions Options { get; }

    /// <summary>The input columns with the mask (<c>PredictedLabel</c>), <c>Size</c> and optionally <c>Score</c> columns the transformer adds.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The image or label column is missing or neither text nor an image; the message names it.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SegmentationColumn.Check(inputSchema, Options.ImageColumnName, "image");
        SegmentationColumn.Check(inputSchema, Options.LabelColumnName, "label");
        // SchemaShape's columns cannot be made outside ML.NET, so the added columns' shapes come from a stock CustomMapping
        // whose output row has the transformer's columns (SegmentationOutputColumns, the one definition).
        IReadOnlyList<SegmentationOutputColumns.Column> columns = SegmentationOutputColumns.Of(TransformerOptions(), Options.Network.Dimensions);
        string[] members = [nameof(PredictionRow.PredictedLabel), nameof(PredictionRow.Size), nameof(PredictionRow.Score)];
        SchemaDefinition outputs = SchemaDefinition.Create(typeof(PredictionRow));
        outputs.RemoveAll(c => Array.IndexOf(members, c.MemberName) >= columns.Count);
        for (int i = 0; i < columns.Count; i++)
        {
            SchemaDefinition.Column output = outputs[members[i]];
            output.ColumnName = columns[i].Name;
            output.ColumnType = columns[i].Type;
            if (columns[i].HasClassNames)
                output.AddAnnotation(SegmentationColumnNames.ClassNamesAnnotation, default(VBuffer<ReadOnlyMemory<char>>), new VectorDataViewType(TextDataViewType.Instance));
        }
        SchemaShape addedShape = _mlContext.Transforms.CustomMapping<NoInput, PredictionRow>((_, _) => { }, contractName: null, outputSchemaDefinition: outputs)
            .GetOutputSchema(new SchemaShape([]));
        var names = addedShape.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        return new SchemaShape(inputSchema.Where(c => !names.Contains(c.Name)).Concat(addedShape));
    }

    /// <summary>
    /// Trains on the rows of <paramref name="input"/> (and validates on <see cref="TrainerEstimatorOptions.ValidationSet"/>),
    /// reporting progress to the <c>MLContext</c>'s log and <see cref="TrainerEstimatorOptions.Progress"/>, then exports the
    /// network to ONNX. The returned transformer owns the exported model (see <see cref="SegmentationTransformer.SaveAsOnnx"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of the wrong type.</exception>
    /// <exception cref="ArgumentException">The data is empty, or its size does not suit the network.</exception>
    /// <exception cref="DatasetException">A file or mask cannot be read, or a mask value is outside the classes; the message names it.</exception>
    /// <exception cref="FileNotFoundException"><see cref="TrainerEstimatorOptions.PretrainedEncoder"/> does not exist; the message names it.</exception>
    /// <exception cref="InvalidDataException"><see cref="TrainerEstimatorOptions.PretrainedEncoder"/> is not an encoder checkpoint, or does not fit the network; the message names it.</exception>
    /// <exception cref="OperationCanceledException"><see cref="TrainerEstimatorOptions.CancellationToken"/> was cancelled.</exception>
    public SegmentationTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckPretrainedEncoder();
        CheckColumns(input.Schema);
        if (Options.ValidationSet is { } validationSet) CheckColumns(validationSet.Schema);
        SegmentationModel model;
        using (IChannel channel = _host.Start("Training"))
        {
            ISegmentationDataset train = DataViewDataset.Read(input, Options, Options.ClassNames, "training data", channel);
            ISegmentationDataset? validation = Options.ValidationSet is null ? null
                : DataViewDataset.Read(Options.ValidationSet, Options, train.ClassNames, "validation set", channel);
            model = Train(train, validation, channel);
        }
        using (model)
            return Export(model, input.Schema);
    }

    /// <summary>
    /// Trains on a dataset the project reads itself (image folders, NIfTI volumes, patch samplers: data that
    /// <see cref="IDataView"/> rows do not carry well), validating on <paramref name="validation"/>, with the same options,
    /// seed, log, progress and cancellation as <see cref="Fit(IDataView)"/>. Returns the engine's model, which checkpoints,
    /// evaluates and exports (<see cref="SegmentationModelOnnx.ExportToOnnx(SegmentationModel, string)"/>); the caller disposes it.
    /// </summary>
    /// <exception cref="ArgumentException">The data is empty, or its size does not suit the network.</exception>
    /// <exception cref="DatasetException">A file or mask cannot be read; the message names it.</exception>
    /// <exception cref="FileNotFoundException"><see cref="TrainerEstimatorOptions.PretrainedEncoder"/> does not exist; the message names it.</exception>
    /// <exception cref="InvalidDataException"><see cref="TrainerEstimatorOptions.PretrainedEncoder"/> is not an encoder checkpoint, or does not fit the network; the message names it.</exception>
    /// <exception cref="OperationCanceledException"><see cref="TrainerEstimatorOptions.CancellationToken"/> was cancelled.</exception>
    public SegmentationModel Fit(ISegmentationDataset train, ISegmentationDataset? validation = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        CheckPretrainedEncoder();
        using IChannel channel = _host.Start("Training");
        return Train(train, validation, channel);
    }

    private SegmentationModel Train(ISegmentationDataset train, ISegmentationDataset? validation, IChannel channel)
    {
        long seed = Options.Seed ?? _host.Rand.NextInt64(0, int.MaxValue);
        TrainerOptions training = Options.Training with { Seed = seed };
        var device = TrainingDevice.Parse(Options.Device, message => channel.Warning(MessageSensitivity.None, message));
        channel.Info(MessageSensitivity.None, $"{Name}: {train.Count} training images, {train.ClassNames.Count} classes, {training.Steps} steps, seed {seed}");

        // Check the data against the preprocessing and network, build the loaders, run the loop with the method.
        DataSchema schema = DataSchema.Check(train, validation, Options.Preprocessing, Options.Network);
        using TrainingMethod method = Options.PretrainedEncoder is string encoder
            ? new PretrainedEncoderMethod(_method(), encoder, Options.FreezeEncoder)
            : _method();
        IReadOnlyList<ISampleTransform> preprocess = Options.Preprocessing.ToTransforms();
        var loaderOptions = new BatchLoaderOptions
        {
            BatchSize = training.BatchSize, Seed = training.Seed, Workers = Options.Workers, SkipBadSamples = Options.SkipBadSamples,
            SampleSkipped = s => channel.Warning(MessageSensitivity.None, $"skipped {s}"),
        };
        var trainLoader = new BatchLoader(train, loaderOptions, new TransformPipeline(training.Seed, [.. preprocess, .. method.SampleTransforms, .. Options.Augmentations]));
        using var source = new DatasetBatchSource(trainLoader, schema.Classes, schema.Channels, training.Steps);
        DatasetValidationSource? validationSource = validation is null ? null : new DatasetValidationSource(new BatchLoader(validation,
            loaderOptions with { Shuffle = false, DropLast = false }, new TransformPipeline(training.Seed, preprocess)));
        ITrainingLoop trainer = _loop?.Invoke(training, device) ?? new SegmentationTrainer(method, Options.Network, training) { Device = device };
        trainer.Progress += progress => Report(channel, progress);
        TrainingResult result = trainer.Fit(source, validationSource, Options.CheckpointFolder, Options.Resume, Options.CancellationToken);
        int outputs = method.OutputChannels(schema.Classes);
        // A loop of several runs is named by the estimator; a segmenter with one output channel is binary (two classes, one logit).
        var model = new SegmentationModel(result.Network, Options.Preprocessing, schema.ClassNames, _loop is null ? method.Name : Name,
            Math.Max(0, outputs - schema.Classes), method.ContextMerge, binaryLogit: outputs == 1);
        if (Options.CancellationToken.IsCancellationRequested)
        {
            model.Dispose();
            Options.CancellationToken.ThrowIfCancellationRequested();
        }
        return model;
    }

    private SegmentationTransformer Export(SegmentationModel model, DataViewSchema input)
    {
        string onnx = Path.Combine(Path.GetTempPath(), $"mlseg-{Name}-{Guid.NewGuid():N}.onnx");
        model.ExportToOnnx(onnx);
        try
        {
            var transformer = new SegmentationTransformer(_mlContext, onnx, TransformerOptions(), ownsModelFile: true);
            transformer.GetOutputSchema(input); // the image column's kind, which saving through ML.NET needs
            return transformer;
        }
        catch
        {
            File.Delete(onnx);
            throw;
        }
    }

    private SegmentationTransformerOptions TransformerOptions() => new()
    {
        ImageColumnName = Options.ImageColumnName,
        PredictedLabelColumnName = Options.PredictedLabelColumnName,
        OutputScore = Options.OutputScore,
        ImageFolder = Options.ImageFolder,
        Scoring = Options.Scoring,
    };

    private void Report(IChannel channel, TrainingProgress progress)
    {
        Options.Progress?.Report(progress);
        long every = Math.Max(1, progress.TotalSteps / 10);
        string? line = progress.Kind switch
        {
            ProgressKind.Step when progress.Step % every == 0 => string.Create(CultureInfo.InvariantCulture, $"step {progress.Step}/{progress.TotalSteps}: loss {progress.Loss:F4}, {progress.ImagesPerSecond:F1} images/s"),
            ProgressKind.Validation => $"step {progress.Step}: validation Dice {string.Join(", ", progress.ValidationDice?.Select(d => d.ToString("F3", CultureInfo.InvariantCulture)) ?? [])}",
            ProgressKind.Checkpoint => $"step {progress.Step}: checkpoint {progress.Path}",
            ProgressKind.Finished => $"finished after {progress.Step} steps{(progress.Message is null ? "" : ": " + progress.Message)}",
            _ => null,
        };
        if (line is not null) channel.Info(MessageSensitivity.None, line);
    }

    /// <summary>The <see cref="TrainerEstimatorOptions.PretrainedEncoder"/> file is an encoder checkpoint, and <see cref="TrainerEstimatorOptions.FreezeEncoder"/> has one to freeze.</summary>
    private void CheckPretrainedEncoder()
    {
        if (Options.PretrainedEncoder is string encoder) EncoderCheckpoint.Check(encoder);
        else if (Options.FreezeEncoder) throw new ArgumentException("FreezeEncoder needs a PretrainedEncoder to freeze", nameof(Options));
    }

    private void CheckColumns(DataViewSchema schema)
    {
        SegmentationColumn.Find(schema, Options.ImageColumnName, "image");
        SegmentationColumn.Find(schema, Options.LabelColumnName, "label");
    }

    private sealed class NoInput
    {
    }

    private sealed class PredictionRow
    {
        [VectorType]
        public uint[] PredictedLabel { get; set; } = [];

        [VectorType]
        public int[] Size { get; set; } = [];

        [VectorType]
        public float[] Score { get; set; } = [];
    }
}
