using System.IO.Compression;
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
/// <para>
/// <c>mlContext.Model.Save</c> writes it as a chain of stock ML.NET steps (<c>ResizeImages</c>, <c>ExtractPixels</c>,
/// <c>ApplyOnnxModel</c> over the model with its normalisation and outputs in the graph), which <c>mlContext.Model.Load</c>
/// reads back in any app with ML.NET's ImageAnalytics and OnnxTransformer packages, none of this project's. That chain
/// scores one row at a time at the training size and gives masks of that size; <see cref="Load"/> gives this batched,
/// any-size transformer back from the same file.
/// </para>
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
    private readonly MLContext _mlContext;
    private int _imageColumnKind; // 0: not yet seen; 1: text (paths); 2: images

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
        _mlContext = mlContext;
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
        DataViewSchema.Column image = SegmentationColumn.Find(inputSchema, _options.ImageColumnName, "image");
        Volatile.Write(ref _imageColumnKind, image.Type is TextDataViewType ? 1 : 2);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        var classes = new DataViewSchema.Annotations.Builder();
        VBuffer<ReadOnlyMemory<char>> names = new(ClassNames.Count, ClassNames.Select(n => n.AsMemory()).ToArray());
        classes.Add(SegmentationColumnNames.ClassNamesAnnotation, SegmentationOutputColumns.ClassNamesType(ClassNames.Count),
            (ref VBuffer<ReadOnlyMemory<char>> value) => names.CopyTo(ref value));
        foreach (SegmentationOutputColumns.Column column in SegmentationOutputColumns.Of(_options, Model.SpatialDims))
            builder.AddColumn(column.Name, column.Type, column.HasClassNames ? classes.ToAnnotations() : null);
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

    /// <summary>
    /// Loads a model saved with <c>mlContext.Model.Save</c> as a batched transformer (each image at its own size, as
    /// before saving), from the ONNX model inside the file.
    /// </summary>
    /// <param name="mlContext">The context of the pipelines it will score in.</param>
    /// <param name="path">The .zip written by <c>mlContext.Model.Save</c> of a pipeline that holds a <see cref="SegmentationTransformer"/>.</param>
    /// <param name="options">Columns and scoring options; null for the defaults (the resize policy the model declares).</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not an ML.NET model, is damaged, or holds no saved segmentation model that can be scored; the message names it.</exception>
    public static SegmentationTransformer Load(MLContext mlContext, string path, SegmentationTransformerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"no ML.NET model at '{path}'", path);
        byte[]? unwrapped;
        try
        {
            unwrapped = SavedOnnxModels(path).Select(SavedModelGraph.Unwrap).FirstOrDefault(m => m is not null);
        }
        catch (Exception e) when (e is Google.Protobuf.InvalidProtocolBufferException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"'{path}': its saved ONNX model is damaged: {e.Message}", e);
        }
        byte[] onnx = unwrapped ?? throw new InvalidDataException($"'{path}' holds no segmentation model saved by a SegmentationTransformer");
        string file = Path.Combine(Path.GetTempPath(), $"mlseg-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(file, onnx);
        try
        {
            return new SegmentationTransformer(mlContext, file, options, ownsModelFile: true);
        }
        catch (Exception e)
        {
            File.Delete(file);
            if (e is OnnxModelException or SegmentationModelException)
                throw new InvalidDataException($"'{path}': its segmentation model cannot be scored: {e.Message.Replace(file, "the saved ONNX model", StringComparison.Ordinal)}", e);
            throw;
        }
    }

    /// <summary>The ONNX models stored by the <c>ApplyOnnxModel</c> steps of an ML.NET model file (an int32 length, then the bytes).</summary>
    /// <summary>The ONNX models (<c>OnnxModel</c> entries) of an ML.NET model file, read whole; any damage is an <see cref="InvalidDataException"/> naming the file.</summary>
    private static List<byte[]> SavedOnnxModels(string path)
    {
        try
        {
            using ZipArchive zip = ZipFile.OpenRead(path);
            var models = new List<byte[]>();
            foreach (ZipArchiveEntry entry in zip.Entries.Where(e => e.Name == "OnnxModel").ToList())
            {
                using var reader = new BinaryReader(entry.Open());
                int length = reader.ReadInt32();
                if (length < 0 || length > entry.Length - sizeof(int))
                    throw new InvalidDataException($"'{path}': the ONNX model in {entry.FullName} declares {length} bytes in an entry of {entry.Length}");
                byte[] bytes = reader.ReadBytes(length);
                if (bytes.Length != length) throw new InvalidDataException($"'{path}': the ONNX model in {entry.FullName} is cut short");
                models.Add(bytes);
            }
            return models;
        }
        catch (Exception e) when (e is InvalidDataException or IOException && e is not FileNotFoundException && !e.Message.Contains(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"'{path}' is not an ML.NET model file (a zip archive): {e.Message}", e);
        }
    }

    /// <summary>Writes the transformer as a chain of stock ML.NET steps (see the class remarks); called by <c>mlContext.Model.Save</c>.</summary>
    /// <exception cref="InvalidOperationException">The transformer has seen no input schema yet (<see cref="GetOutputSchema"/>, <see cref="Transform"/> or the trainer's <c>Fit</c> give it).</exception>
    /// <exception cref="NotSupportedException">The model cannot be scored by ML.NET's stock steps (a volume model, or not 1 or 3 channels).</exception>
    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        int kind = Volatile.Read(ref _imageColumnKind);
        if (kind == 0)
            throw new InvalidOperationException($"the SegmentationTransformer has not seen its input schema: call Transform or GetOutputSchema before saving, so that it knows whether '{_options.ImageColumnName}' holds paths or images");
        if (_options.Scoring.ClassThresholds is not null)
            throw new NotSupportedException("a SegmentationTransformer with class thresholds cannot be saved through ML.NET (its masks are the argmax): save it with SaveAsOnnx");
        string wrapped = Path.Combine(Path.GetTempPath(), $"mlseg-save-{Guid.NewGuid():N}.onnx");
        try
        {
            File.WriteAllBytes(wrapped, SavedModelGraph.Wrap(File.ReadAllBytes(Model.ModelPath), Model, _options));
            ITransformer chain = SavedModelChain.Build(_mlContext, Model, wrapped, _options, imageIsText: kind == 1);
            try
            {
                chain.Save(ctx);
            }
            finally
            {
                (chain as IDisposable)?.Dispose();
            }
        }
        finally
        {
            File.Delete(wrapped);
        }
    }

    /// <summary>Releases the ONNX Runtime session and deletes the model file a trainer exported for it.</summary>
    public void Dispose()
    {
        _segmenter.Dispose();
        if (_ownedModelFile is not null) File.Delete(_ownedModelFile);
    }
}
