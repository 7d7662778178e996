namespace MLSegmentation.Torch;

/// <summary>
/// An error raised by libtorch (shape, dtype or device mismatch, an invalid argument, an
/// unsupported operation). The message names the operator and carries libtorch's text.
/// </summary>
public sealed class TorchException : Exception
{
    /// <summary>Creates the exception with libtorch's message.</summary>
    public TorchException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public TorchException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public TorchException()
    {
    }
}
