namespace MLSegmentation.Onnx;

/// <summary>
/// An ONNX model that loads but does not follow the segmentation model contract (see <c>Scoring/README.md</c>): its
/// input is not a float image tensor [N, C, H, W] or volume tensor [N, C, D, H, W], it has no usable probabilities
/// output, or its <c>mlseg.*</c> metadata is malformed. The message names the model file and the problem.
/// </summary>
public sealed class SegmentationModelException : Exception
{
    /// <summary>Creates an exception without details.</summary>
    public SegmentationModelException()
        : this("The ONNX model is not a segmentation model.")
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    /// <param name="message">The message.</param>
    public SegmentationModelException(string message)
        : base(message)
    {
        ModelPath = string.Empty;
    }

    /// <summary>Creates an exception with <paramref name="message"/> and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SegmentationModelException(string message, Exception innerException)
        : base(message, innerException)
    {
        ModelPath = string.Empty;
    }

    /// <summary>Creates an exception about the model at <paramref name="modelPath"/>; the message is prefixed with it.</summary>
    /// <param name="modelPath">The model file (or source description).</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="innerException">The cause, if any.</param>
    public SegmentationModelException(string modelPath, string problem, Exception? innerException)
        : base($"ONNX model '{modelPath}' is not a usable segmentation model: {problem}", innerException)
    {
        ModelPath = modelPath;
    }

    /// <summary>The model file the problem is about ("" when not known).</summary>
    public string ModelPath { get; }
}
