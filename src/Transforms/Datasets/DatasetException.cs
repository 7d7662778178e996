namespace MLSegmentation.Transforms;

/// <summary>
/// A dataset problem: a missing, corrupt, truncated or unknown-format file, an image whose mask differs
/// in size, mask values outside the declared classes, an empty folder, an image without a mask. The
/// message names the file and the problem; <see cref="FilePath"/> holds the file.
/// </summary>
public sealed class DatasetException : Exception
{
    private readonly string? _problem;

    /// <summary>Creates an exception without details.</summary>
    public DatasetException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public DatasetException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public DatasetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception about <paramref name="filePath"/>; the message is "'path': problem".</summary>
    /// <param name="filePath">The file (or folder) at fault.</param>
    /// <param name="problem">What is wrong with it.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public DatasetException(string filePath, string problem, Exception? innerException)
        : base(Describe(filePath, problem), innerException)
    {
        FilePath = filePath;
        _problem = problem;
    }

    /// <summary>The file (or folder) at fault, when known.</summary>
    public string? FilePath { get; }

    /// <summary>The problem, without the file name; the whole message when no file is known.</summary>
    public string Problem => _problem ?? Message;

    private static string Describe(string filePath, string problem) =>
        problem.Contains(filePath, StringComparison.Ordinal) ? problem : $"'{filePath}': {problem}";
}
