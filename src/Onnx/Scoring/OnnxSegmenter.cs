using MLSegmentation.Transforms;

namespace MLSegmentation.Onnx;

/// <summary>
/// In-app batch scoring of an ONNX segmentation model (see <c>src/Onnx/Scoring/README.md</c> for the model
/// contract), 2D (images [C, H, W], PNG or JPEG files) or 3D (volumes [C, D, H, W], NIfTI files): loads the model
/// once, then scores images, volumes, files or whole folders in batches through a bounded,
/// order-preserving pipeline (decoding and encoding on worker threads, overlapped with inference on pre-bound,
/// reused ONNX Runtime buffers).
/// </summary>
/// <remarks>
/// <para>Ownership: the segmenter owns its <see cref="InferenceSession"/>, and the pooled input/output arrays with
/// their <see cref="OrtValue"/>s and <see cref="OrtIoBinding"/>s; dispose it when done. Results own their arrays.
/// Input images are only read, never kept.</para>
/// <para>Thread safety: every <c>Score*</c> method may be called from many threads at once; each call runs its own
/// pipeline over the shared session. Do not dispose the segmenter while calls are in flight.</para>
/// </remarks>
public sealed class OnnxSegmenter : IDisposable
{
    private readonly InferenceSession _session;
    private readonly BatchBufferPool _pool;
    private readonly ScoringSteps _steps;
    private readonly string _modelPath;

    /// <summary>Loads the model at <paramref name="modelPath"/> on the options' device and checks it against the segmentation model contract.</summary>
    /// <param name="modelPath">The .onnx file.</param>
    /// <param name="options">Options (copied; null for defaults).</param>
    /// <exception cref="FileNotFoundException">The model file does not exist.</exception>
    /// <exception cref="OnnxModelException">ONNX Runtime cannot load the file (truncated, not ONNX, an unsupported operator, ...); the message names it and the reason.</exception>
    /// <exception cref="SegmentationModelException">The model's input is not a float image tensor [N, C, H, W] or volume tensor [N, C, D, H, W], it has no probabilities output, its metadata is malformed, or it has no <c>mlseg.normalization</c> / <c>mlseg.class_names</c> metadata and the options do not give them; the message names the model.</exception>
    /// <exception cref="ArgumentException">The options do not fit the model (e.g. thresholds for another class count, a resize policy without a training size).</exception>
    /// <exception cref="InvalidOperationException"><see cref="OnnxDeviceKind.Cuda"/> was asked for but ONNX Runtime cannot use that device; the message names it and the reason.</exception>
    public OnnxSegmenter(string modelPath, OnnxSegmenterOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        var validated = (options ?? new OnnxSegmenterOptions()).Validated();
        _modelPath = modelPath;
        (_session, Device, DeviceFallbackReason) = OnnxSessions.Open(modelPath, validated.Device, sessionOptions =>
        {
            if (validated.IntraOpThreads > 0)
            {
                sessionOptions.IntraOpNumThreads = validated.IntraOpThreads;
            }
            if (validated.InterOpThreads > 0)
            {
                sessionOptions.InterOpNumThreads = validated.InterOpThreads;
            }
        }, validated.Log);
        try
        {
            Model = SegmentationModelInfo.Read(_session, modelPath, validated, ProbeClassCount);
            _pool = new BatchBufferPool(_session, Model, validated.PrefetchBatches + 2);
            _steps = new ScoringSteps(_session, Model, validated, _pool);
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    /// <summary>The model's contract and metadata as used (options applied).</summary>
    public SegmentationModelInfo Model { get; }

    /// <summary>
    /// The ONNX Runtime session the segmenter scores with, for raw <c>Run</c>s on the same model (e.g. benchmarks).
    /// Owned by the segmenter: do not dispose it. Thread-safe like every session.
    /// </summary>
    public InferenceSession Session => _session;

    /// <summary>The device in use: <see cref="OnnxDevice.Cpu"/> or <see cref="OnnxDevice.Cuda"/>(N) (the CPU after a fallback of <see cref="OnnxDevice.Auto"/>).</summary>
    public OnnxDevice Device { get; }

    /// <summary>Why <see cref="OnnxDevice.Auto"/> scores on the CPU (the line also given to <see cref="OnnxSegmenterOptions.Log"/>), or null.</summary>
    public string? DeviceFallbackReason { get; }

    /// <summary>The file extensions accepted: .png, .jpg, .jpeg (2D models), .nii, .nii.gz (3D models).</summary>
    public static IReadOnlyList<string> SupportedExtensions => ImageFiles.Extensions;

    /// <summary>Scores one image (2D model) or volume (3D model).</summary>
    /// <param name="image">A 2D image [C, H, W] or a 3D volume [C, D, H, W] (e.g. <c>NiftiFile.ReadImage(path).Image</c>; C = modalities) with the model's channel count; only read.</param>
    /// <returns>Its segmentation at its own size.</returns>
    /// <exception cref="InvalidDataException">The image does not have the model's dimensionality or channel count.</exception>
    /// <exception cref="OnnxModelException">ONNX Runtime failed; the message names the model and the image.</exception>
    public SegmentationResult Score(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Score([image]).Single();
    }

    /// <summary>Scores images in batches, streaming: results come in input order as soon as their batch is done.</summary>
    /// <param name="images">The images (enumerated once, lazily; only read).</param>
    /// <param name="cancellationToken">Stops scoring; the enumeration then throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The results, in input order.</returns>
    public IEnumerable<SegmentationResult> Score(IEnumerable<Image> images, CancellationToken cancellationToken = default) =>
        ScoreAsync(images, cancellationToken).ToBlockingEnumerable(cancellationToken);

    /// <summary>Scores images in batches, asynchronously and streaming (see <see cref="Score(IEnumerable{Image}, CancellationToken)"/>).</summary>
    /// <param name="images">The images (enumerated once, lazily, on a worker thread; only read).</param>
    /// <param name="cancellationToken">Stops scoring.</param>
    /// <returns>The results, in input order.</returns>
    public IAsyncEnumerable<SegmentationResult> ScoreAsync(IEnumerable<Image> images, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        return ScoreAsync(ToAsync(images), cancellationToken);
    }

    /// <summary>Scores an asynchronous stream of images in batches, streaming, with bounded memory.</summary>
    /// <param name="images">The images (enumerated once, lazily; only read).</param>
    /// <param name="cancellationToken">Stops scoring.</param>
    /// <returns>The results, in input order.</returns>
    public IAsyncEnumerable<SegmentationResult> ScoreAsync(IAsyncEnumerable<Image> images, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        return ScoringPipeline.Run(_steps, images, static image => new ScoringInput(image, null, null), null, cancellationToken);
    }

    /// <summary>
    /// Scores image files (PNG, JPEG; 2D models) or volume files (NIfTI .nii, .nii.gz; 3D models) in batches: decoded
    /// on worker threads, results streamed in input order. When <paramref name="maskFolder"/> is given, each mask is
    /// written there with the input's stem (through a temporary file and a rename) and
    /// <see cref="SegmentationResult.MaskPath"/> names it: a greyscale PNG for an image, a <c>.nii.gz</c> label volume
    /// with the source's geometry (pixdim, qform, sform, units) for a volume. With
    /// <see cref="OnnxSegmenterOptions.OutputProbabilities"/> the probability maps are written beside it too
    /// (<c>stem_probability_k.png</c>, 16 bits, p · 65535, per class; or <c>stem_probabilities.nii.gz</c>, float32
    /// [x, y, z, K]).
    /// </summary>
    /// <param name="paths">The files (enumerated once, lazily).</param>
    /// <param name="maskFolder">Where to write masks (created if missing), or null to write none.</param>
    /// <param name="cancellationToken">Stops scoring.</param>
    /// <returns>The results, in input order.</returns>
    /// <exception cref="InvalidDataException">A file cannot be decoded, is not of the model's dimensionality (a volume for a 2D model, an image for a 3D model) or has the wrong channel count; the message names it. Raised at that file's position.</exception>
    /// <exception cref="ArgumentException">A mask would overwrite its input, or two inputs share a stem (their masks would collide); raised at that file's position.</exception>
    public IAsyncEnumerable<SegmentationResult> ScoreFilesAsync(IEnumerable<string> paths, string? maskFolder = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ResultWriter? write = null;
        if (maskFolder is not null)
        {
            Directory.CreateDirectory(maskFolder);
            var dims = Model.SpatialDims;
            var written = new Dictionary<string, string>(StringComparer.Ordinal);
            write = (image, labels, probabilities) =>
            {
                var path = MaskFile.PathFor(maskFolder, image, dims);
                var full = Path.GetFullPath(path);
                if (string.Equals(full, Path.GetFullPath(image.Source!), StringComparison.Ordinal))
                {
                    throw new ArgumentException($"The mask of '{image.Source}' would overwrite it: write masks to another folder than the images.", nameof(maskFolder));
                }
                lock (written)
                {
                    if (!written.TryAdd(full, image.Source!))
                    {
                        throw new ArgumentException($"'{written[full]}' and '{image.Source}' share a stem: their masks ('{full}') would collide.", nameof(paths));
                    }
                }
                MaskFile.Write(path, image, labels);
                if (probabilities is not null)
                {
                    MaskFile.WriteProbabilities(maskFolder, image, probabilities);
                }
                return path;
            };
        }
        return ScoringPipeline.Run(_steps, ToAsync(paths), ImageFiles.Read, write, cancellationToken);
    }

    /// <summary>Synchronous <see cref="ScoreFilesAsync"/>.</summary>
    /// <param name="paths">The files.</param>
    /// <param name="maskFolder">Where to write masks, or null.</param>
    /// <param name="cancellationToken">Stops scoring.</param>
    /// <returns>The results, in input order.</returns>
    public IEnumerable<SegmentationResult> ScoreFiles(IEnumerable<string> paths, string? maskFolder = null, CancellationToken cancellationToken = default) =>
        ScoreFilesAsync(paths, maskFolder, cancellationToken).ToBlockingEnumerable(cancellationToken);

    /// <summary>
    /// Scores every image (2D model: PNG, JPEG) or volume (3D model: .nii, .nii.gz) directly in
    /// <paramref name="imageFolder"/> (sorted by name) and writes one mask per input into <paramref name="maskFolder"/>,
    /// with the same stem (see <see cref="ScoreFilesAsync"/>: mask PNGs, or <c>.nii.gz</c> label volumes with the
    /// source's geometry). Streams: only the file names are listed up front; inputs and masks are never all held in
    /// memory.
    /// </summary>
    /// <param name="imageFolder">The folder of images or volumes.</param>
    /// <param name="maskFolder">The folder for masks (created if missing); must differ from <paramref name="imageFolder"/>.</param>
    /// <param name="cancellationToken">Stops scoring; masks already written stay.</param>
    /// <returns>The number of masks written.</returns>
    /// <exception cref="ArgumentException">The folders are the same, or two images share a stem (their masks would collide).</exception>
    /// <exception cref="InvalidDataException">A file cannot be decoded or has the wrong channel count, or the folder holds only files of the other dimensionality (volumes for a 2D model, images for a 3D model); the message names it.</exception>
    public async Task<int> ScoreFolderAsync(string imageFolder, string maskFolder, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(imageFolder);
        ArgumentException.ThrowIfNullOrEmpty(maskFolder);
        var input = Path.GetFullPath(imageFolder).TrimEnd(Path.DirectorySeparatorChar);
        var output = Path.GetFullPath(maskFolder).TrimEnd(Path.DirectorySeparatorChar);
        if (string.Equals(input, output, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The mask folder must differ from the image folder '{input}' (masks would overwrite images).", nameof(maskFolder));
        }
        var files = ListFolder(input);
        var count = 0;
        await foreach (var _ in ScoreFilesAsync(files, output, cancellationToken).ConfigureAwait(false))
        {
            count++;
        }
        return count;
    }

    /// <summary>
    /// The files <see cref="ScoreFolderAsync"/> scores in <paramref name="imageFolder"/>, in its order: the images (2D
    /// model: PNG, JPEG) or volumes (3D model: .nii, .nii.gz) directly in it, sorted by name (ordinal).
    /// </summary>
    /// <param name="imageFolder">The folder of images or volumes.</param>
    /// <returns>Full paths.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="ArgumentException">Two files share a stem (their masks would collide).</exception>
    /// <exception cref="InvalidDataException">The folder holds only files of the other dimensionality.</exception>
    public string[] ListFolder(string imageFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(imageFolder);
        var input = Path.GetFullPath(imageFolder).TrimEnd(Path.DirectorySeparatorChar);
        var files = ImageFiles.List(input, Model.SpatialDims, Model.ModelPath);
        var clash = files.GroupBy(ImageFiles.Stem, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new ArgumentException($"Images {string.Join(" and ", clash.Select(Path.GetFileName))} in '{input}' share the stem '{clash.Key}'; their masks would collide.", nameof(imageFolder));
        }
        return files;
    }

    /// <summary>Synchronous <see cref="ScoreFolderAsync"/>.</summary>
    /// <param name="imageFolder">The folder of images.</param>
    /// <param name="maskFolder">The folder for masks.</param>
    /// <param name="cancellationToken">Stops scoring.</param>
    /// <returns>The number of masks written.</returns>
    public int ScoreFolder(string imageFolder, string maskFolder, CancellationToken cancellationToken = default) =>
        ScoreFolderAsync(imageFolder, maskFolder, cancellationToken).GetAwaiter().GetResult();

    /// <summary>Releases the session and the pooled buffers.</summary>
    public void Dispose()
    {
        _pool?.Dispose();
        _session.Dispose();
    }

    private int ProbeClassCount()
    {
        const int size = 32;
        var inputName = _session.InputNames[0];
        var dimensions = _session.InputMetadata[inputName].Dimensions;
        long[] shape = [1, dimensions[1], .. Enumerable.Repeat((long)size, dimensions.Length - 2)];
        var input = new float[shape.Aggregate(1L, (a, b) => a * b)];
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        var output = _session.OutputNames.Contains("probabilities") ? "probabilities"
            : _session.OutputNames.First(n => _session.OutputMetadata[n].Dimensions.Length == dimensions.Length);
        using var outputs = OnnxSessions.Run(_session, _modelPath, [inputName], [value], [output]);
        return (int)outputs[0].GetTensorTypeAndShape().Shape[1];
    }

    private static async IAsyncEnumerable<T> ToAsync<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            yield return item;
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }
}
