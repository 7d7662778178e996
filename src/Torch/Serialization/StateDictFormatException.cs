namespace MLSegmentation.Torch.Serialization;

/// <summary>A state dict file is truncated, corrupt, of an unknown version or not a state dict file; the message names the file.</summary>
public sealed class StateDictFormatException : IOException
{
    /// <summary>Creates the exception.</summary>
    public StateDictFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StateDictFormatException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public StateDictFormatException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
