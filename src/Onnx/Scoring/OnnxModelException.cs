namespace MLSegmentation.Onnx;

/// <summary>
/// ONNX Runtime failed on a model file: loading it (not ONNX, truncated, an operator or opset it does not support) or
/// running it (a batch the model cannot take). The message names the file, what was being done and ONNX Runtime's
/// reason; <see cref="Exception.InnerException"/> is ONNX Runtime's <see cref="OnnxRuntimeException"/>. A model file that
/// does not exist is a <see cref="FileNotFoundException"/> instead, and a model that loads but does not follow the
/// segmentation contract a <see cref="SegmentationModelException"/>.
/// </summary>
public sealed class OnnxModelException : Exception
{
    /// <summary>Creates an exception without details.</summary>
    public OnnxModelException()
        : this("ONNX Runtime failed on a model.")
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    /// <param name="message">The message.</param>
    public OnnxModelException(string message)
        : base(message)
    {
        ModelPath = string.Empty;
    }

    /// <summary>Creates an exception with <paramref name="message"/> and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public OnnxModelException(string message, Exception innerException)
        : base(message, innerException)
    {
        ModelPath = string.Empty;
    }

    /// <summary>Creates an exception about the model at <paramref name="modelPath"/>; the message is prefixed with it.</summary>
    /// <param name="modelPath">The model file.</param>
    /// <param name="problem">What failed and why.</param>
    /// <param name="innerException">The cause (ONNX Runtime's exception), if any.</param>
    public OnnxModelException(string modelPath, string problem, Exception? innerException)
        : base($"ONNX model '{modelPath}': {problem}", innerException)
    {
        ModelPath = modelPath;
    }

    /// <summary>The model file ("" when not known).</summary>
    public string ModelPath { get; }
}
