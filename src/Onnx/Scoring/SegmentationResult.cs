using MLSegmentation.Transforms;

namespace MLSegmentation.Onnx;

/// <summary>
/// The segmentation of one image, produced by <see cref="OnnxSegmenter"/>: a label map at the image's own size and,
/// when asked for, the class probabilities. The result owns its arrays (nothing is pooled or shared).
/// </summary>
public sealed class SegmentationResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="index">Position of the image in the scored sequence (0-based).</param>
    /// <param name="source">The image's file path, or null for in-memory images.</param>
    /// <param name="labels">Class indices at the image's size.</param>
    /// <param name="probabilities">K-channel probability maps at the image's size, or null.</param>
    /// <param name="maskPath">The mask file written for this image, or null.</param>
    public SegmentationResult(long index, string? source, LabelMap labels, Image? probabilities, string? maskPath)
    {
        ArgumentNullException.ThrowIfNull(labels);
        Index = index;
        Source = source;
        Labels = labels;
        Probabilities = probabilities;
        MaskPath = maskPath;
    }

    /// <summary>Position of the image in the scored sequence (0-based); results come back in this order.</summary>
    public long Index { get; }

    /// <summary>The image's file path, or null for in-memory images.</summary>
    public string? Source { get; }

    /// <summary>Class indices (0 = background) at the image's own size.</summary>
    public LabelMap Labels { get; }

    /// <summary>Per-class probabilities (K channels) at the image's own size, when <see cref="OnnxSegmenterOptions.OutputProbabilities"/> is on.</summary>
    public Image? Probabilities { get; }

    /// <summary>The mask PNG written for this image (folder scoring), or null.</summary>
    public string? MaskPath { get; }
}
