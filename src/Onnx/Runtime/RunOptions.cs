namespace MLSegmentation.Onnx;

/// <summary>
/// Per-run options (<c>OrtRunOptions</c>): log level, tag, and <see cref="Terminate"/> to cancel runs in flight.
/// Owns a native object; dispose it after the runs that use it have returned.
/// </summary>
public sealed class RunOptions : IDisposable
{
    private readonly OrtRunOptionsHandle _handle;
    private OrtLoggingLevel _logSeverityLevel = OrtLoggingLevel.Warning;
    private string _logId = string.Empty;
    private bool _terminate;

    /// <summary>Creates run options with defaults.</summary>
    public unsafe RunOptions()
    {
        _ = OrtEnvironment.Instance;
        _handle = new OrtRunOptionsHandle();
        IntPtr options;
        NativeMethods.Check(NativeMethods.Api.CreateRunOptions(&options));
        _handle.Attach(options);
    }

    internal OrtRunOptionsHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle;
        }
    }

    /// <summary>Minimum severity of log messages for runs with these options.</summary>
    public unsafe OrtLoggingLevel LogSeverityLevel
    {
        get => _logSeverityLevel;
        set
        {
            NativeMethods.Check(NativeMethods.Api.RunOptionsSetRunLogSeverityLevel(Handle.Pointer, (int)value));
            _logSeverityLevel = value;
        }
    }

    /// <summary>A tag that identifies these runs in ORT's log.</summary>
    public unsafe string LogId
    {
        get => _logId;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            fixed (byte* tag = OrtEnvironment.Utf8z(value))
            {
                NativeMethods.Check(NativeMethods.Api.RunOptionsSetRunTag(Handle.Pointer, tag));
            }
            _logId = value;
        }
    }

    /// <summary>
    /// Set to true to make runs using these options stop as soon as possible (they fail with an
    /// <see cref="OrtException"/>); set back to false before reusing the options.
    /// </summary>
    public unsafe bool Terminate
    {
        get => _terminate;
        set
        {
            var api = NativeMethods.Api;
            NativeMethods.Check(value ? api.RunOptionsSetTerminate(Handle.Pointer) : api.RunOptionsUnsetTerminate(Handle.Pointer));
            _terminate = value;
        }
    }

    /// <summary>Releases the native options.</summary>
    public void Dispose() => _handle.Dispose();
}
