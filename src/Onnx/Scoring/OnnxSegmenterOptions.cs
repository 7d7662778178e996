using MLSegmentation.Transforms;

namespace MLSegmentation.Onnx;

/// <summary>
/// Options of an <see cref="OnnxSegmenter"/>: where the model runs, how images are batched, pre- and post-processed.
/// Read once when the segmenter is created (later changes have no effect on it).
/// </summary>
public sealed class OnnxSegmenterOptions
{
    /// <summary>
    /// Where the model runs: <see cref="OnnxDevice.Cpu"/> (default); <see cref="OnnxDevice.Cuda"/>(N), which throws
    /// <see cref="InvalidOperationException"/> naming the device and the reason when CUDA cannot be used; or
    /// <see cref="OnnxDevice.Auto"/>, which falls back to the CPU and says so through <see cref="Log"/>. Text forms:
    /// <c>cpu</c>, <c>cuda[:N]</c>, <c>auto</c> (<see cref="OnnxDevice.Parse"/>).
    /// </summary>
    public OnnxDevice Device { get; set; } = OnnxDevice.Cpu;

    /// <summary>Receives the segmenter's notes (one line each; e.g. the CPU fallback of <see cref="OnnxDevice.Auto"/>), or null (default) for none. Called on the creating thread.</summary>
    public Action<string>? Log { get; set; }

    /// <summary>ONNX Runtime intra-op threads; 0 (default) lets ONNX Runtime choose (one per core).</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>ONNX Runtime inter-op threads; 0 (default) lets ONNX Runtime choose.</summary>
    public int InterOpThreads { get; set; }

    /// <summary>Images or volumes (or sliding-window tiles) per <c>Run</c>; default 8. Inputs of different sizes never share a batch.</summary>
    public int BatchSize { get; set; } = 8;

    /// <summary>
    /// How images are mapped onto the model's input size; null (default) for the policy the model declares
    /// (<c>mlseg.resize</c>: a model trained on images resized to one size says <see cref="ResizePolicy.ToTrainingSize"/>),
    /// or <see cref="ResizePolicy.None"/> when it declares none.
    /// </summary>
    public ResizePolicy? Resize { get; set; }

    /// <summary>Overlap of neighbouring tiles in <see cref="ResizePolicy.SlidingWindow"/>, as a fraction of the tile; default 0.5 (nnU-Net).</summary>
    public double SlidingWindowOverlap { get; set; } = 0.5;

    /// <summary>
    /// Per-class probability thresholds (one per class, class 0 = background), or null (default) for argmax. With
    /// thresholds a pixel gets the foreground class (index ≥ 1) of highest probability among those whose probability
    /// reaches their threshold, and background (0) when none does; entry 0 is ignored.
    /// </summary>
    public IReadOnlyList<float>? ClassThresholds { get; set; }

    /// <summary>
    /// Return the per-class probability maps with each result (<see cref="SegmentationResult.Probabilities"/>) and, when
    /// files are scored into a mask folder, write them beside the masks (see <see cref="OnnxSegmenter.ScoreFilesAsync"/>); default off.
    /// </summary>
    public bool OutputProbabilities { get; set; }

    /// <summary>
    /// Input normalisation; null (default) uses the model's <c>mlseg.normalization</c> metadata. Required for a model
    /// without that metadata (exported from PyTorch, say): give the normalisation it was trained with, or
    /// <see cref="InputNormalization.None"/>; without it the segmenter throws <see cref="SegmentationModelException"/>.
    /// </summary>
    public InputNormalization? Normalization { get; set; }

    /// <summary>The model's training size [height, width] (volumes: [depth, height, width]); null (default) uses <c>mlseg.training_size</c>.</summary>
    public IReadOnlyList<int>? TrainingSize { get; set; }

    /// <summary>
    /// Class names in index order (background first); null (default) uses <c>mlseg.class_names</c>. Required for a
    /// model without that metadata; without it the segmenter throws <see cref="SegmentationModelException"/>.
    /// </summary>
    public IReadOnlyList<string>? ClassNames { get; set; }

    /// <summary>Images decoded, pre- and post-processed at once on worker threads; default the processor count.</summary>
    public int WorkerThreads { get; set; } = Environment.ProcessorCount;

    /// <summary>Batches prepared ahead of the one running and finished batches waiting for the reader; default 2. Bounds memory.</summary>
    public int PrefetchBatches { get; set; } = 2;

    /// <summary>Checks the values and returns a copy, so later changes to this instance have no effect.</summary>
    internal OnnxSegmenterOptions Validated()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfNegative(IntraOpThreads, nameof(IntraOpThreads));
        ArgumentOutOfRangeException.ThrowIfNegative(InterOpThreads, nameof(InterOpThreads));
        ArgumentOutOfRangeException.ThrowIfNegative(Device.DeviceId, nameof(Device));
        if (ClassNames is not null && (ClassNames.Count == 0 || ClassNames.Any(string.IsNullOrWhiteSpace)))
        {
            throw new ArgumentException($"Class names must be non-empty, one per class: [{string.Join(", ", ClassNames)}].", nameof(ClassNames));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(WorkerThreads, 1, nameof(WorkerThreads));
        ArgumentOutOfRangeException.ThrowIfLessThan(PrefetchBatches, 1, nameof(PrefetchBatches));
        if (!(SlidingWindowOverlap >= 0 && SlidingWindowOverlap < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(SlidingWindowOverlap), SlidingWindowOverlap, "The overlap must be in [0, 1).");
        }
        if (TrainingSize is not null && (TrainingSize.Count is not (2 or 3) || TrainingSize.Any(s => s < 1)))
        {
            throw new ArgumentException($"The training size must be two or three positive values ([height, width] or [depth, height, width]), not [{string.Join(", ", TrainingSize)}].", nameof(TrainingSize));
        }
        return new OnnxSegmenterOptions
        {
            Device = Device,
            Log = Log,
            IntraOpThreads = IntraOpThreads,
            InterOpThreads = InterOpThreads,
            BatchSize = BatchSize,
            Resize = Resize,
            SlidingWindowOverlap = SlidingWindowOverlap,
            ClassThresholds = ClassThresholds?.ToArray(),
            OutputProbabilities = OutputProbabilities,
            Normalization = Normalization,
            TrainingSize = TrainingSize?.ToArray(),
            ClassNames = ClassNames?.ToArray(),
            WorkerThreads = WorkerThreads,
            PrefetchBatches = PrefetchBatches,
        };
    }
}
