using MLSegmentation.Onnx;
using MLSegmentation.Transforms;

namespace MLSegmentation.Cli;

/// <summary>Turns the failures a user can cause or fix into one line on stderr and exit code 1.</summary>
internal static class CommandErrors
{
    /// <summary>Runs <paramref name="action"/>; expected failures print <c>mlseg NAME: message</c> and return 1.</summary>
    public static int Run(string command, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (IsUserFacing(e))
        {
            Console.Error.WriteLine($"mlseg {command}: {e.Message}");
            return 1;
        }
    }

    private static bool IsUserFacing(Exception e) => e is ArgumentException or IOException or InvalidDataException or UnauthorizedAccessException
        or DatasetException or System.Runtime.InteropServices.ExternalException or OnnxModelException or SegmentationModelException or InvalidOperationException or NotSupportedException
        or FormatException or DllNotFoundException;
}
