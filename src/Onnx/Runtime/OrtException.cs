namespace MLSegmentation.Onnx;

/// <summary>Error codes reported by ONNX Runtime with a failed status (<c>OrtErrorCode</c> in the C API).</summary>
public enum OrtErrorCode
{
    /// <summary>Success.</summary>
    Ok = 0,
    /// <summary>Generic failure.</summary>
    Fail = 1,
    /// <summary>An argument was invalid (bad name, shape, rank, element type, option).</summary>
    InvalidArgument = 2,
    /// <summary>A required file, such as a model file, does not exist.</summary>
    NoSuchFile = 3,
    /// <summary>No model (legacy).</summary>
    NoModel = 4,
    /// <summary>An engine error.</summary>
    EngineError = 5,
    /// <summary>An exception was thrown inside the runtime, e.g. by a kernel.</summary>
    RuntimeException = 6,
    /// <summary>The model is not a valid ONNX protobuf.</summary>
    InvalidProtobuf = 7,
    /// <summary>The model is already loaded.</summary>
    ModelLoaded = 8,
    /// <summary>The operation is not implemented.</summary>
    NotImplemented = 9,
    /// <summary>The model's graph is invalid.</summary>
    InvalidGraph = 10,
    /// <summary>An execution provider failed.</summary>
    EpFail = 11,
    /// <summary>Model loading was cancelled.</summary>
    ModelLoadCanceled = 12,
    /// <summary>The model requires compilation.</summary>
    ModelRequiresCompilation = 13,
    /// <summary>Something looked up was not found.</summary>
    NotFound = 14,
    /// <summary>The device was reset.</summary>
    DeviceReset = 15,
}

/// <summary>
/// The one exception type for failures reported by ONNX Runtime: carries ORT's <see cref="ErrorCode"/> and its
/// message (prefixed with what the binding was doing, e.g. the model file being loaded).
/// </summary>
public sealed class OrtException : Exception
{
    /// <summary>Creates an exception with a generic failure code.</summary>
    public OrtException()
        : this(OrtErrorCode.Fail, "ONNX Runtime failure.")
    {
    }

    /// <summary>Creates an exception with a generic failure code and <paramref name="message"/>.</summary>
    /// <param name="message">The message.</param>
    public OrtException(string message)
        : this(OrtErrorCode.Fail, message)
    {
    }

    /// <summary>Creates an exception with a generic failure code wrapping <paramref name="innerException"/>.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public OrtException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorCode = OrtErrorCode.Fail;
    }

    /// <summary>Creates an exception with ORT's <paramref name="errorCode"/> and <paramref name="message"/>.</summary>
    /// <param name="errorCode">ORT's error code.</param>
    /// <param name="message">The message (ORT's text, possibly with context).</param>
    public OrtException(OrtErrorCode errorCode, string message)
        : base(message)
    {
        ErrorCode = errorCode;
    }

    /// <summary>Creates an exception with ORT's <paramref name="errorCode"/>, <paramref name="message"/> and a cause.</summary>
    /// <param name="errorCode">ORT's error code.</param>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public OrtException(OrtErrorCode errorCode, string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
    }

    /// <summary>ORT's error code for the failure.</summary>
    public OrtErrorCode ErrorCode { get; }
}
