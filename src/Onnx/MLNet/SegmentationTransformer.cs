using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLSegmentation.Transforms;

namespace MLSegmentation.Onnx;

/// <summary>
/// Scores an <see cref="IDataView"/> of images with an ONNX segmentation model through ONNX Runtime, in an ML.NET
/// pipeline: <see cref="Transform"/> adds <c>PredictedLabel</c> (each image's mask at its own size), <c>Size</c> and,
/// with <see cref="SegmentationTransformerOptions.OutputScore"/>, <c>Score</c> (the probabilities). Scoring is lazy and
/// batched: as a cursor advances, a look-ahead cursor feeds the images to an <see cref="OnnxSegmenter"/>, which runs
/// <see cref="OnnxSegmenterOptions.BatchSize"/> images of one size per <c>InferenceSession</c> run, on worker threads,
/// so rows of any size need no resize step. Made by the segmentation trainers' <c>Fit</c>, or over any ONNX model file.
/// </summary>
/// <remarks>
/// Ownership: the transformer owns its <see cref="OnnxSegmenter"/> (and, when a trainer made it, the exported model
/// file); dispose it when done, after the data views it made are no longer read. Cursors of its data views may run at
/// once on different threads.
/// </remarks>
public sealed class SegmentationTransformer : ITransformer, IDisposable
{
    private readonly OnnxSegmenter _segmenter;
    private readonly SegmentationTransformerOptions _options;
    private readonly string? _ownedModelFile;

    /// <summary>Loads <paramref name="modelPath"/> (an ONNX segmentation model, see <c>src/Onnx/Scoring/README.md</c>) for scoring in pipelines of <paramref name="mlContext"/>.</summary>
    /// <param name="mlContext">The context; its log receives the scorer's notes (the device fallback, say).</param>
    /// <param name="modelPath">The .onnx file (read, not kept open).</param>
    /// <param name="options">Columns and scoring options; null for the defaults.</param>
    /// <exception cref="FileNotFoundException">The model file does not exist.</exception>
    /// <exception cref="OnnxModelException">ONNX Runtime cannot load the file.</exception>
    /// <exception cref="SegmentationModelException">The model does not follow the contract, or lacks normalisation or class names that the options do not give.</exception>
    public SegmentationTransformer(MLContext mlContext, string modelPath, SegmentationTransformerOptions? options = null)
        : this(mlContext, modelPath, options, ownsModelFile: false)
    {
    }

    internal SegmentationTransformer(MLContext mlContext, string modelPath, SegmentationTransformerOptions? options, bool ownsModelFile)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        _options = (options ?? new SegmentationTransformerOptions()).Validated();
        IHost host = ((IHostEnvironment)mlContext).Register(nameof(SegmentationTransformer));
        OnnxSegmenterOptions scoring = _options.Scoring.Validated();
        Action<string>? userLog = scoring.Log;
        scoring.OutputProbabilities = _options.OutputScore;
        scoring.Log = message =>
        {
            using (IChannel channel = host.Start("Scoring")) channel.Info(MessageSensitivity.None, message);
            userLog?.Invoke(message);
        };
        _segmenter = new OnnxSegmenter(modelPath, scoring);
        _ownedModelFile = ownsModelFile ? modelPath : null;
    }

    /// <summary>The model's contract as used: channels, classes, normalisation, training size.</summary>
    public SegmentationModelInfo Model => _segmenter.Model;

    /// <summary>Class names, index = class (background first), as the <c>ClassNames</c> annotation of the mask column.</summary>
    public IReadOnlyList<string> ClassNames => _segmenter.Model.ClassNames;

    /// <summary>The columns and options in use.</summary>
    public SegmentationTransformerOptions Options => _options;

    /// <summary>False: rows are scored in batches, so there is no row-to-row mapper.</summary>
    public bool IsRowToRowMapper => false;

    /// <summary>The input schema with the mask, size and (optionally) score columns added.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The image column is missing or neither text nor an image; the message names it.</exception>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SegmentationColumn.Find(inputSchema, _options.ImageColumnName, "image");
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        var classes = new DataViewSchema.Annotations.Builder();
        VBuffer<ReadOnlyMemory<char>> names = new(ClassNames.Count, ClassNames.Select(n => n.AsMemory()).ToArray());
        classes.Add(SegmentationColumnNames.ClassNamesAnnotation, new VectorDataViewType(TextDataViewType.Instance, ClassNames.Count),
            (ref VBuffer<ReadOnlyMemory<char>> value) => names.CopyTo(ref value));
        builder.AddColumn(_options.PredictedLabelColumnName, new VectorDataViewType(NumberDataViewType.UInt32), classes.ToAnnotations());
        builder.AddColumn(_options.SizeColumnName, new VectorDataViewType(NumberDataViewType.Int32, Model.SpatialDims));
        if (_options.OutputScore) builder.AddColumn(_options.ScoreColumnName, new VectorDataViewType(NumberDataViewType.Single), classes.ToAnnotations());
        return builder.ToSchema();
    }

    /// <summary>A lazy view of <paramref name="input"/> with the predictions added; nothing is scored until a cursor reads a prediction.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The image column is missing or of another type.</exception>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new SegmentationDataView(input, GetOutputSchema(input.Schema), _segmenter, _options);
    }

    /// <summary>Not supported: rows are scored in batches (see <see cref="IsRowToRowMapper"/>).</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw new NotSupportedException("SegmentationTransformer scores rows in batches and has no row-to-row mapper: use Transform on an IDataView");

    /// <summary>Writes the ONNX model to <paramref name="path"/> (through a temporary file and a rename); score it with <see cref="SegmentationTransformer(MLContext, string, SegmentationTransformerOptions)"/>, <see cref="OnnxSegmenter"/> or any ONNX runtime.</summary>
    public void SaveAsOnnx(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        if (string.Equals(full, Path.GetFullPath(Model.ModelPath), StringComparison.Ordinal)) return;
        string temporary = full + ".tmp-" + Environment.ProcessId;
        File.Copy(Model.ModelPath, temporary, overwrite: true);
        File.Move(temporary, full, overwrite: true);
    }

    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException("a SegmentationTransformer is saved as its ONNX model: call SaveAsOnnx(path), and load it with new SegmentationTransformer(mlContext, path)");

    /// <summary>Releases the ONNX Runtime session and deletes the model file a trainer exported for it.</summary>
    public void Dispose()
    {
        _segmenter.Dispose();
        if (_ownedModelFile is not null) File.Delete(_ownedModelFile);
    }
}
