using System.Buffers;
using System.Runtime.ExceptionServices;
using MLSegmentation.Transforms;

namespace MLSegmentation.Onnx;

/// <summary>
/// The per-image and per-batch work of <see cref="OnnxSegmenter"/>: pre-processing, running a batch on pooled
/// pre-bound buffers, sliding-window tiling, and post-processing into <see cref="SegmentationResult"/>s. Images and
/// volumes share every step (a 2D image is a grid of depth 1). Stateless apart from the shared (thread-safe) session
/// and buffer pool, so any number of pipelines use it at once.
/// </summary>
internal sealed class ScoringSteps
{
    private readonly InferenceSession _session;
    private readonly SegmentationModelInfo _model;
    private readonly OnnxSegmenterOptions _options;
    private readonly BatchBufferPool _pool;
    private readonly float[]? _thresholds;
    private readonly bool _bindProbabilities;
    private readonly bool _bindLabels;
    private readonly float[]? _gaussian;

    public ScoringSteps(InferenceSession session, SegmentationModelInfo model, OnnxSegmenterOptions options, BatchBufferPool pool)
    {
        _session = session;
        _model = model;
        _options = options;
        _pool = pool;
        _thresholds = options.ClassThresholds?.ToArray();
        _bindLabels = model.LabelsOutput is not null && _thresholds is null;
        _bindProbabilities = !_bindLabels || options.OutputProbabilities;
        if (model.Resize == ResizePolicy.SlidingWindow)
        {
            _gaussian = SlidingWindow.Gaussian(model.TileSize);
        }
    }

    public OnnxSegmenterOptions Options => _options;

    public SegmentationModelInfo Model => _model;

    /// <summary>Checks and pre-processes one image or volume (on a worker thread).</summary>
    /// <exception cref="InvalidDataException">The input does not have the model's dimensionality or channel count; the message names it.</exception>
    public PreparedImage Prepare(ScoringInput input, long index)
    {
        var image = input.Image;
        var source = input.Source;
        ArgumentNullException.ThrowIfNull(image, source ?? $"image #{index}");
        var name = source is null ? $"Image #{index}" : $"Image '{source}'";
        var dims = _model.SpatialDims;
        if (image.Dimensions != dims)
        {
            throw new InvalidDataException($"{name} is {image.Dimensions}D ({string.Join("×", image.Size)}); the model '{_model.ModelPath}' takes " +
                (dims == 2 ? "2D images [C, H, W] (PNG or JPEG files)." : "3D volumes [C, D, H, W] (NIfTI .nii or .nii.gz files)."));
        }
        if (image.Channels != _model.Channels)
        {
            throw new InvalidDataException($"{name} has {image.Channels} channel(s); the model '{_model.ModelPath}' expects {_model.Channels}.");
        }
        var size = GridSize.Of(image.Size);
        var c = image.Channels;
        var length = c * size.Voxels;
        var normalised = ArrayPool<float>.Shared.Rent(length);
        _model.Normalization.Apply(image.Data, normalised.AsSpan(0, length), c);
        if (_model.Resize != ResizePolicy.ToTrainingSize || size == _model.TileSize)
        {
            return new PreparedImage(index, input, normalised, size);
        }
        var tile = _model.TileSize;
        var resized = ArrayPool<float>.Shared.Rent(c * tile.Voxels);
        Resampling.Linear(normalised.AsSpan(0, length), c, size, resized, tile);
        ArrayPool<float>.Shared.Return(normalised);
        return new PreparedImage(index, input, resized, tile);
    }

    /// <summary>
    /// Whether <paramref name="image"/> goes through sliding-window inference: with that policy, every input not exactly
    /// of the training size (those are one whole tile, whose Gaussian weight cancels, so they are batched as usual).
    /// </summary>
    public bool NeedsTiles(PreparedImage image) => _gaussian is not null && image.InputSize != _model.TileSize;

    /// <summary>
    /// Runs one batch of equal-sized images on rented pre-bound buffers (blocking, on the caller's thread) and releases
    /// their prepared inputs. The caller post-processes with <see cref="Finish"/>,
    /// which returns the buffers.
    /// </summary>
    public BatchBuffers RunBatch(IReadOnlyList<PreparedImage> images, RunOptions runOptions, CancellationToken cancellationToken)
    {
        var first = images[0];
        var buffers = _pool.Rent(new BatchKey(images.Count, first.InputSize, _bindProbabilities, _bindLabels));
        try
        {
            var size = _model.Channels * first.InputSize.Voxels;
            for (var i = 0; i < images.Count; i++)
            {
                images[i].Input.AsSpan(0, size).CopyTo(buffers.Input.AsSpan(i * size, size));
                images[i].Release();
            }
            Run(buffers, runOptions, images, cancellationToken);
            return buffers;
        }
        catch
        {
            _pool.Return(buffers);
            throw;
        }
    }

    /// <summary>Post-processes a batch run by <see cref="RunBatch"/> (on worker threads) and returns its buffers to the pool.</summary>
    public SegmentationResult[] Finish(IReadOnlyList<PreparedImage> images, BatchBuffers buffers, ResultWriter? write, CancellationToken cancellationToken)
    {
        try
        {
            var results = new SegmentationResult[images.Count];
            var voxels = buffers.Key.Size.Voxels;
            var k = _model.ClassCount;
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.WorkerThreads, CancellationToken = cancellationToken };
            Parallel.For(0, images.Count, parallel, i =>
            {
                ReadOnlySpan<float> probabilities = buffers.Probabilities is null ? default : buffers.Probabilities.AsSpan(i * k * voxels, k * voxels);
                ReadOnlySpan<long> labels = buffers.Labels is null ? default : buffers.Labels.AsSpan(i * voxels, voxels);
                results[i] = Complete(images[i], probabilities, labels, buffers.Key.Size, write);
            });
            return results;
        }
        catch (AggregateException e)
        {
            // The failure of one image (a mask that cannot be written, say) surfaces as itself, naming its file.
            ExceptionDispatchInfo.Capture(e.Flatten().InnerExceptions[0]).Throw();
            throw;
        }
        finally
        {
            _pool.Return(buffers);
        }
    }

    /// <summary>
    /// Scores one image or volume by sliding-window inference: tiles of the training size (the input zero-padded where
    /// it is smaller than a tile), run in batches of <see cref="OnnxSegmenterOptions.BatchSize"/> tiles on pooled
    /// buffers, their probabilities averaged with Gaussian weights; then post-processes. Runs on the caller's thread.
    /// </summary>
    public SegmentationResult RunTiles(PreparedImage image, RunOptions runOptions, ResultWriter? write, CancellationToken cancellationToken)
    {
        var tile = _model.TileSize;
        var size = image.Size;
        var padded = GridSize.Max(size, tile);
        int c = _model.Channels, k = _model.ClassCount;
        var tiles = SlidingWindow.Tiles(padded, tile, _options.SlidingWindowOverlap);
        var sum = new float[k * padded.Voxels];
        var weight = new float[padded.Voxels];
        var input = image.Input;
        var gaussian = _gaussian!;
        for (var start = 0; start < tiles.Length; start += _options.BatchSize)
        {
            var count = Math.Min(_options.BatchSize, tiles.Length - start);
            var buffers = _pool.Rent(new BatchKey(count, tile, Probabilities: true, Labels: false));
            try
            {
                Array.Clear(buffers.Input);
                for (var t = 0; t < count; t++)
                {
                    var corner = tiles[start + t];
                    var width = Math.Min(tile.Width, size.Width - corner.Width);
                    for (var ch = 0; ch < c; ch++)
                    {
                        for (var z = 0; z < tile.Depth && corner.Depth + z < size.Depth; z++)
                        {
                            for (var y = 0; y < tile.Height && corner.Height + y < size.Height && width > 0; y++)
                            {
                                input.AsSpan(((ch * size.Depth + corner.Depth + z) * size.Height + corner.Height + y) * size.Width + corner.Width, width)
                                    .CopyTo(buffers.Input.AsSpan((((t * c + ch) * tile.Depth + z) * tile.Height + y) * tile.Width, width));
                            }
                        }
                    }
                }
                Run(buffers, runOptions, [image], cancellationToken);
                var probabilities = buffers.Probabilities!;
                for (var t = 0; t < count; t++)
                {
                    var corner = tiles[start + t];
                    for (var z = 0; z < tile.Depth; z++)
                    {
                        for (var y = 0; y < tile.Height; y++)
                        {
                            var row = (z * tile.Height + y) * tile.Width;
                            var target = ((corner.Depth + z) * padded.Height + corner.Height + y) * padded.Width + corner.Width;
                            var g = gaussian.AsSpan(row, tile.Width);
                            var w = weight.AsSpan(target, tile.Width);
                            for (var x = 0; x < g.Length; x++)
                            {
                                w[x] += g[x];
                            }
                            for (var j = 0; j < k; j++)
                            {
                                var p = probabilities.AsSpan((t * k + j) * tile.Voxels + row, tile.Width);
                                var s = sum.AsSpan(j * padded.Voxels + target, tile.Width);
                                for (var x = 0; x < g.Length; x++)
                                {
                                    s[x] += p[x] * g[x];
                                }
                            }
                        }
                    }
                }
            }
            finally
            {
                _pool.Return(buffers);
            }
        }
        image.Release();
        var result = new float[k * size.Voxels];
        var i = 0;
        for (var j = 0; j < k; j++)
        {
            for (var z = 0; z < size.Depth; z++)
            {
                for (var y = 0; y < size.Height; y++)
                {
                    var from = (z * padded.Height + y) * padded.Width;
                    for (var x = 0; x < size.Width; x++)
                    {
                        result[i++] = sum[j * padded.Voxels + from + x] / weight[from + x];
                    }
                }
            }
        }
        return Complete(image, result, default, size, write);
    }

    /// <summary>Labels (and probabilities) of one input from its raw outputs at <paramref name="outputSize"/>, brought back to its own size.</summary>
    private SegmentationResult Complete(PreparedImage image, ReadOnlySpan<float> probabilities, ReadOnlySpan<long> rawLabels, GridSize outputSize,
        ResultWriter? write)
    {
        var k = _model.ClassCount;
        var voxels = outputSize.Voxels;
        var labels = new int[voxels];
        if (_thresholds is not null)
        {
            LabelDecision.Threshold(probabilities, k, _thresholds, labels);
        }
        else if (!rawLabels.IsEmpty)
        {
            for (var i = 0; i < voxels; i++)
            {
                labels[i] = (int)rawLabels[i];
            }
        }
        else
        {
            LabelDecision.Argmax(probabilities, k, labels);
        }
        var size = image.Size;
        var resized = outputSize != size;
        if (resized)
        {
            var back = new int[size.Voxels];
            Resampling.Nearest(labels, outputSize, back, size);
            labels = back;
        }
        var shape = size.ToArray(_model.SpatialDims);
        Image? probabilityMap = null;
        if (_options.OutputProbabilities)
        {
            var values = new float[k * size.Voxels];
            if (resized)
            {
                Resampling.Linear(probabilities, k, outputSize, values, size);
            }
            else
            {
                probabilities.CopyTo(values);
            }
            probabilityMap = new Image(k, shape, values, image.Spacing);
        }
        var labelMap = new LabelMap(shape, labels, image.Spacing);
        var maskPath = write?.Invoke(image, labelMap, probabilityMap);
        return new SegmentationResult(image.Index, image.Source, labelMap, probabilityMap, maskPath);
    }

    private void Run(BatchBuffers buffers, RunOptions runOptions, IReadOnlyList<PreparedImage> images, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            buffers.Run(_session, runOptions);
        }
        catch (OnnxRuntimeException e)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var names = images.Count <= 3 ? string.Join(", ", images.Select(i => i.Name)) : $"{images[0].Name} … {images[^1].Name}";
            throw new OnnxModelException(_model.ModelPath, $"scoring {images.Count} image(s) ({names}) of {buffers.Key.Size.Format(_model.SpatialDims)} failed: {e.Message}", e);
        }
    }
}
