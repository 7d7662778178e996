using System.Runtime.InteropServices;
using System.Text;

namespace MLSegmentation.Onnx;

/// <summary>
/// The process-wide ONNX Runtime environment (<c>OrtEnv</c>): created lazily on first use with logging at
/// <see cref="OrtLoggingLevel.Warning"/>, shared by all sessions, and never released before the process ends
/// (ORT requires the environment to outlive every session).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable",
    Justification = "The environment lives for the whole process; ORT requires it to outlive every session.")]
public sealed class OrtEnvironment
{
    private static readonly Lazy<OrtEnvironment> s_instance = new(() => new OrtEnvironment(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly OrtEnvHandle _handle;

    private unsafe OrtEnvironment()
    {
        var api = NativeMethods.Api;
        _handle = new OrtEnvHandle();
        IntPtr env;
        fixed (byte* logId = Utf8z("MLSegmentation"))
        {
            NativeMethods.Check(api.CreateEnv(OrtLoggingLevel.Warning, logId, &env), "Creating the ONNX Runtime environment");
        }
        _handle.Attach(env);
        LibraryPath = api.LibraryPath;
        Version = api.VersionString;
    }

    /// <summary>The singleton environment; loads the native library on first access.</summary>
    /// <exception cref="DllNotFoundException">The library is missing; the message names the path looked at.</exception>
    /// <exception cref="InvalidOperationException">The library is not ONNX Runtime 1.30.</exception>
    public static OrtEnvironment Instance => s_instance.Value;

    /// <summary>The version string the loaded library reports (<c>GetVersionString</c>), e.g. "1.30.0".</summary>
    public string Version { get; }

    /// <summary>The full path of the loaded ONNX Runtime library.</summary>
    public string LibraryPath { get; }

    internal IntPtr Pointer => _handle.Pointer;

    /// <summary>The execution providers compiled into the loaded library (e.g. "CPUExecutionProvider").</summary>
    /// <remarks>A provider listed here may still be unusable if its provider library is not installed beside the runtime.</remarks>
    public unsafe IReadOnlyList<string> GetAvailableProviders()
    {
        var api = NativeMethods.Api;
        byte** names;
        int count;
        NativeMethods.Check(api.GetAvailableProviders(&names, &count));
        try
        {
            var result = new string[count];
            for (var i = 0; i < count; i++)
            {
                result[i] = Marshal.PtrToStringUTF8((IntPtr)names[i]) ?? string.Empty;
            }
            return result;
        }
        finally
        {
            NativeMethods.Check(api.ReleaseAvailableProviders(names, count));
        }
    }

    /// <summary>Encodes <paramref name="text"/> as a NUL-terminated UTF-8 byte array for native calls.</summary>
    internal static byte[] Utf8z(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, 0, text.Length, bytes, 0);
        return bytes;
    }
}
