using System.Buffers;
using MLSegmentation.Transforms;

namespace MLSegmentation.Onnx;

/// <summary>
/// The per-image and per-batch work of <see cref="OnnxSegmenter"/>: pre-processing, running a batch on pooled
/// pre-bound buffers, sliding-window tiling, and post-processing into <see cref="SegmentationResult"/>s. Stateless
/// apart from the shared (thread-safe) session and buffer pool, so any number of pipelines use it at once.
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
        if (options.Resize == ResizePolicy.SlidingWindow)
        {
            _gaussian = SlidingWindow.Gaussian(model.TrainingSize![0], model.TrainingSize[1]);
        }
    }

    public OnnxSegmenterOptions Options => _options;

    /// <summary>Checks and pre-processes one image (on a worker thread).</summary>
    /// <exception cref="InvalidDataException">The image is not 2D or has the wrong channel count; the message names it.</exception>
    public PreparedImage Prepare(Image image, long index, string? source)
    {
        ArgumentNullException.ThrowIfNull(image, source ?? $"image #{index}");
        var name = source is null ? $"Image #{index}" : $"Image '{source}'";
        if (image.Dimensions != 2)
        {
            throw new InvalidDataException($"{name} is {image.Dimensions}D ({string.Join("×", image.Size)}); the model '{_model.ModelPath}' takes 2D images [C, H, W].");
        }
        if (image.Channels != _model.Channels)
        {
            throw new InvalidDataException($"{name} has {image.Channels} channel(s); the model '{_model.ModelPath}' expects {_model.Channels}.");
        }
        int h = image.Height, w = image.Width, c = image.Channels;
        var length = c * h * w;
        var normalised = ArrayPool<float>.Shared.Rent(length);
        _model.Normalization.Apply(image.Data, normalised.AsSpan(0, length), c);
        if (_options.Resize != ResizePolicy.ToTrainingSize || (h == _model.TrainingSize![0] && w == _model.TrainingSize[1]))
        {
            return new PreparedImage(index, source, h, w, normalised, h, w);
        }
        int th = _model.TrainingSize[0], tw = _model.TrainingSize[1];
        var resized = ArrayPool<float>.Shared.Rent(c * th * tw);
        Resampling.Bilinear(normalised.AsSpan(0, length), c, h, w, resized, th, tw);
        ArrayPool<float>.Shared.Return(normalised);
        return new PreparedImage(index, source, h, w, resized, th, tw);
    }

    /// <summary>
    /// Whether <paramref name="image"/> goes through sliding-window inference: with that policy, every image not exactly
    /// of the training size (those are one whole tile, whose Gaussian weight cancels, so they are batched as usual).
    /// </summary>
    public bool NeedsTiles(PreparedImage image) =>
        _gaussian is not null && (image.InputHeight != _model.TrainingSize![0] || image.InputWidth != _model.TrainingSize[1]);

    /// <summary>
    /// Runs one batch of equal-sized images on rented pre-bound buffers (blocking, on the caller's thread) and releases
    /// their prepared inputs. The caller post-processes with <see cref="Finish"/>,
    /// which returns the buffers.
    /// </summary>
    public BatchBuffers RunBatch(IReadOnlyList<PreparedImage> images, RunOptions runOptions, CancellationToken cancellationToken)
    {
        var first = images[0];
        var buffers = _pool.Rent(new BatchKey(images.Count, first.InputHeight, first.InputWidth, _bindProbabilities, _bindLabels));
        try
        {
            var size = _model.Channels * first.InputHeight * first.InputWidth;
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
    public SegmentationResult[] Finish(IReadOnlyList<PreparedImage> images, BatchBuffers buffers, Func<PreparedImage, LabelMap, string?>? write, CancellationToken cancellationToken)
    {
        try
        {
            var results = new SegmentationResult[images.Count];
            var plane = buffers.Key.Height * buffers.Key.Width;
            var k = _model.ClassCount;
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.WorkerThreads, CancellationToken = cancellationToken };
            Parallel.For(0, images.Count, parallel, i =>
            {
                ReadOnlySpan<float> probabilities = buffers.Probabilities is null ? default : buffers.Probabilities.AsSpan(i * k * plane, k * plane);
                ReadOnlySpan<long> labels = buffers.Labels is null ? default : buffers.Labels.AsSpan(i * plane, plane);
                results[i] = Complete(images[i], probabilities, labels, buffers.Key.Height, buffers.Key.Width, write);
            });
            return results;
        }
        finally
        {
            _pool.Return(buffers);
        }
    }

    /// <summary>
    /// Scores one image by sliding-window inference: tiles of the training size, batched, Gaussian-weighted average of
    /// their probabilities; then post-processes. Runs on the caller's thread.
    /// </summary>
    public SegmentationResult RunTiles(PreparedImage image, RunOptions runOptions, Func<PreparedImage, LabelMap, string?>? write, CancellationToken cancellationToken)
    {
        int th = _model.TrainingSize![0], tw = _model.TrainingSize[1];
        int h = image.Height, w = image.Width, c = _model.Channels, k = _model.ClassCount;
        int ph = Math.Max(h, th), pw = Math.Max(w, tw);
        var ys = SlidingWindow.Starts(ph, th, _options.SlidingWindowOverlap);
        var xs = SlidingWindow.Starts(pw, tw, _options.SlidingWindowOverlap);
        var tiles = ys.SelectMany(y => xs.Select(x => (Y: y, X: x))).ToArray();
        var sum = new float[k * ph * pw];
        var weight = new float[ph * pw];
        var input = image.Input;
        var gaussian = _gaussian!;
        for (var start = 0; start < tiles.Length; start += _options.BatchSize)
        {
            var count = Math.Min(_options.BatchSize, tiles.Length - start);
            var buffers = _pool.Rent(new BatchKey(count, th, tw, Probabilities: true, Labels: false));
            try
            {
                Array.Clear(buffers.Input);
                for (var t = 0; t < count; t++)
                {
                    var (y0, x0) = tiles[start + t];
                    for (var ch = 0; ch < c; ch++)
                    {
                        for (var y = 0; y < th && y0 + y < h; y++)
                        {
                            var width = Math.Min(tw, w - x0);
                            if (width > 0)
                            {
                                input.AsSpan((ch * h + y0 + y) * w + x0, width)
                                    .CopyTo(buffers.Input.AsSpan(((t * c + ch) * th + y) * tw, width));
                            }
                        }
                    }
                }
                Run(buffers, runOptions, [image], cancellationToken);
                var probabilities = buffers.Probabilities!;
                for (var t = 0; t < count; t++)
                {
                    var (y0, x0) = tiles[start + t];
                    for (var y = 0; y < th; y++)
                    {
                        var g = gaussian.AsSpan(y * tw, tw);
                        var wrow = weight.AsSpan((y0 + y) * pw + x0, tw);
                        for (var x = 0; x < tw; x++)
                        {
                            wrow[x] += g[x];
                        }
                        for (var j = 0; j < k; j++)
                        {
                            var p = probabilities.AsSpan(((t * k + j) * th + y) * tw, tw);
                            var s = sum.AsSpan((j * ph + y0 + y) * pw + x0, tw);
                            for (var x = 0; x < tw; x++)
                            {
                                s[x] += p[x] * g[x];
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
        var result = new float[k * h * w];
        for (var j = 0; j < k; j++)
        {
            for (var y = 0; y < h; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    result[(j * h + y) * w + x] = sum[(j * ph + y) * pw + x] / weight[y * pw + x];
                }
            }
        }
        return Complete(image, result, default, h, w, write);
    }

    /// <summary>Labels (and probabilities) of one image from its raw outputs at [oh, ow], brought back to its own size.</summary>
    private SegmentationResult Complete(PreparedImage image, ReadOnlySpan<float> probabilities, ReadOnlySpan<long> rawLabels, int oh, int ow,
        Func<PreparedImage, LabelMap, string?>? write)
    {
        var k = _model.ClassCount;
        var plane = oh * ow;
        var labels = new int[plane];
        if (_thresholds is not null)
        {
            LabelDecision.Threshold(probabilities, k, _thresholds, labels);
        }
        else if (!rawLabels.IsEmpty)
        {
            for (var i = 0; i < plane; i++)
            {
                labels[i] = (int)rawLabels[i];
            }
        }
        else
        {
            LabelDecision.Argmax(probabilities, k, labels);
        }
        int h = image.Height, w = image.Width;
        var resized = oh != h || ow != w;
        if (resized)
        {
            var back = new int[h * w];
            Resampling.Nearest(labels, oh, ow, back, h, w);
            labels = back;
        }
        Image? probabilityMap = null;
        if (_options.OutputProbabilities)
        {
            var values = new float[k * h * w];
            if (resized)
            {
                Resampling.Bilinear(probabilities, k, oh, ow, values, h, w);
            }
            else
            {
                probabilities.CopyTo(values);
            }
            probabilityMap = new Image(k, [h, w], values);
        }
        var labelMap = new LabelMap([h, w], labels);
        var maskPath = write?.Invoke(image, labelMap);
        return new SegmentationResult(image.Index, image.Source, labelMap, probabilityMap, maskPath);
    }

    private void Run(BatchBuffers buffers, RunOptions runOptions, IReadOnlyList<PreparedImage> images, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            buffers.Run(_session, runOptions);
        }
        catch (OrtException e)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var names = images.Count <= 3 ? string.Join(", ", images.Select(i => i.Name)) : $"{images[0].Name} … {images[^1].Name}";
            throw new OrtException(e.ErrorCode, $"Scoring {images.Count} image(s) ({names}) of {buffers.Key.Height}×{buffers.Key.Width} failed: {e.Message}", e);
        }
    }
}
