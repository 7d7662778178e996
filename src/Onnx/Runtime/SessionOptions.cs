namespace MLSegmentation.Onnx;

/// <summary>
/// Options for creating an <see cref="InferenceSession"/> (<c>OrtSessionOptions</c>): thread counts, graph
/// optimisation, execution mode and the execution provider (CPU, or CUDA with a device id and optional fallback
/// to CPU as in ML.NET's <c>ApplyOnnxModel(gpuDeviceId, fallbackToCpu)</c>).
/// </summary>
/// <remarks>
/// Owns a native <c>OrtSessionOptions</c>; dispose it when done. A session copies what it needs at creation, so
/// the options may be disposed (or reused) once the session exists. Not thread-safe: configure it on one thread.
/// </remarks>
public sealed class SessionOptions : IDisposable
{
    /// <summary>The provider library ORT's CUDA bridge loads first, from the runtime's folder.</summary>
    public const string ProvidersSharedLibrary = "libonnxruntime_providers_shared.so";

    /// <summary>The CUDA execution provider library, from the runtime's folder.</summary>
    public const string CudaProviderLibrary = "libonnxruntime_providers_cuda.so";

    private readonly OrtSessionOptionsHandle _handle;
    private int _intraOpNumThreads;
    private int _interOpNumThreads;
    private GraphOptimizationLevel _graphOptimizationLevel = GraphOptimizationLevel.EnableAll;
    private ExecutionMode _executionMode = ExecutionMode.Sequential;
    private OrtLoggingLevel _logSeverityLevel = OrtLoggingLevel.Warning;
    private bool _enableMemoryPattern = true;
    private bool _enableCpuMemArena = true;

    /// <summary>Creates options with ORT's defaults (all optimisations, sequential execution, CPU provider).</summary>
    public unsafe SessionOptions()
    {
        _ = OrtEnvironment.Instance;
        _handle = new OrtSessionOptionsHandle();
        IntPtr options;
        NativeMethods.Check(NativeMethods.Api.CreateSessionOptions(&options));
        _handle.Attach(options);
    }

    internal OrtSessionOptionsHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle;
        }
    }

    /// <summary>Threads used to parallelise inside one operator; 0 (default) lets ORT choose (one per physical core).</summary>
    public unsafe int IntraOpNumThreads
    {
        get => _intraOpNumThreads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            NativeMethods.Check(NativeMethods.Api.SetIntraOpNumThreads(Handle.Pointer, value));
            _intraOpNumThreads = value;
        }
    }

    /// <summary>Threads used to run independent operators in parallel (with <see cref="ExecutionMode.Parallel"/>); 0 lets ORT choose.</summary>
    public unsafe int InterOpNumThreads
    {
        get => _interOpNumThreads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            NativeMethods.Check(NativeMethods.Api.SetInterOpNumThreads(Handle.Pointer, value));
            _interOpNumThreads = value;
        }
    }

    /// <summary>Graph optimisation level applied when the session loads the model; default <see cref="GraphOptimizationLevel.EnableAll"/>.</summary>
    public unsafe GraphOptimizationLevel GraphOptimizationLevel
    {
        get => _graphOptimizationLevel;
        set
        {
            NativeMethods.Check(NativeMethods.Api.SetSessionGraphOptimizationLevel(Handle.Pointer, value));
            _graphOptimizationLevel = value;
        }
    }

    /// <summary>Sequential (default) or parallel execution of the graph's nodes.</summary>
    public unsafe ExecutionMode ExecutionMode
    {
        get => _executionMode;
        set
        {
            NativeMethods.Check(NativeMethods.Api.SetSessionExecutionMode(Handle.Pointer, value));
            _executionMode = value;
        }
    }

    /// <summary>Minimum severity of this session's log messages; default <see cref="OrtLoggingLevel.Warning"/>.</summary>
    public unsafe OrtLoggingLevel LogSeverityLevel
    {
        get => _logSeverityLevel;
        set
        {
            NativeMethods.Check(NativeMethods.Api.SetSessionLogSeverityLevel(Handle.Pointer, (int)value));
            _logSeverityLevel = value;
        }
    }

    /// <summary>Whether ORT plans memory from the first run's shapes (default on; helps repeated same-shape runs).</summary>
    public unsafe bool EnableMemoryPattern
    {
        get => _enableMemoryPattern;
        set
        {
            var api = NativeMethods.Api;
            NativeMethods.Check(value ? api.EnableMemPattern(Handle.Pointer) : api.DisableMemPattern(Handle.Pointer));
            _enableMemoryPattern = value;
        }
    }

    /// <summary>Whether ORT uses its CPU memory arena (default on).</summary>
    public unsafe bool EnableCpuMemArena
    {
        get => _enableCpuMemArena;
        set
        {
            var api = NativeMethods.Api;
            NativeMethods.Check(value ? api.EnableCpuMemArena(Handle.Pointer) : api.DisableCpuMemArena(Handle.Pointer));
            _enableCpuMemArena = value;
        }
    }

    /// <summary>
    /// The execution provider sessions created with these options should use; resolved when the session is
    /// created (see <see cref="InferenceSession.ExecutionProvider"/> for the outcome). Default <see cref="ExecutionProvider.Cpu"/>.
    /// </summary>
    public ExecutionProvider ExecutionProvider { get; set; } = ExecutionProvider.Cpu;

    /// <summary>The CUDA device used with <see cref="ExecutionProvider.Cuda"/> or <see cref="ExecutionProvider.Auto"/>; default 0.</summary>
    public int CudaDeviceId
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            field = value;
        }
    }

    /// <summary>
    /// With <see cref="ExecutionProvider.Cuda"/>: if CUDA is unavailable (provider libraries missing, no device, or
    /// ORT rejects it), create the session on CPU instead of throwing, and report it through
    /// <see cref="InferenceSession.ExecutionProviderFallbackReason"/>. <see cref="ExecutionProvider.Auto"/> always falls back.
    /// </summary>
    public bool FallbackToCpu { get; set; }

    /// <summary>
    /// Appends the CUDA execution provider on <paramref name="deviceId"/> to these options now (through the
    /// library's exported <c>OrtSessionOptionsAppendExecutionProvider_CUDA</c>). No fallback: use
    /// <see cref="ExecutionProvider"/> with <see cref="FallbackToCpu"/> for that.
    /// </summary>
    /// <param name="deviceId">The CUDA device ordinal.</param>
    /// <exception cref="InvalidOperationException">CUDA is unavailable; the message names the missing provider library.</exception>
    /// <exception cref="OrtException">ORT refused the CUDA provider (e.g. no device); ORT's code and message.</exception>
    public void AppendExecutionProviderCuda(int deviceId = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(deviceId);
        var reason = GetCudaUnavailableReason();
        if (reason is not null)
        {
            throw new InvalidOperationException(reason);
        }
        AppendCudaUnchecked(Handle, deviceId);
    }

    /// <summary>
    /// Why the CUDA execution provider cannot be used with the loaded runtime, or null if its provider libraries
    /// are present (ORT may still reject it at session creation, e.g. when no GPU is present).
    /// </summary>
    /// <returns>A message naming the missing library and where it was looked for, or null.</returns>
    public static unsafe string? GetCudaUnavailableReason()
    {
        var api = NativeMethods.Api;
        var folder = Path.GetDirectoryName(api.LibraryPath) ?? ".";
        if (api.SessionOptionsAppendExecutionProviderCuda == null)
        {
            return $"CUDA is unavailable: the ONNX Runtime library '{api.LibraryPath}' does not export " +
                   "OrtSessionOptionsAppendExecutionProvider_CUDA.";
        }
        foreach (var library in new[] { ProvidersSharedLibrary, CudaProviderLibrary })
        {
            var path = Path.Combine(folder, library);
            if (!File.Exists(path))
            {
                return $"CUDA is unavailable: the CUDA execution provider library '{library}' is missing (looked for " +
                       $"'{path}'). The ONNX Runtime at '{api.LibraryPath}' ({api.VersionString}) is a CPU build; put " +
                       $"{ProvidersSharedLibrary} and {CudaProviderLibrary} of an ONNX Runtime {api.VersionString} GPU " +
                       "build beside it, with CUDA and cuDNN installed.";
            }
        }
        return null;
    }

    /// <summary>Calls ORT's CUDA append on <paramref name="options"/> without the library pre-check.</summary>
    internal static unsafe void AppendCudaUnchecked(OrtSessionOptionsHandle options, int deviceId)
    {
        var api = NativeMethods.Api;
        if (api.SessionOptionsAppendExecutionProviderCuda == null)
        {
            throw new InvalidOperationException(GetCudaUnavailableReason());
        }
        var added = false;
        options.DangerousAddRef(ref added);
        try
        {
            NativeMethods.Check(api.SessionOptionsAppendExecutionProviderCuda(options.Pointer, deviceId),
                $"Appending the CUDA execution provider (device {deviceId})");
        }
        finally
        {
            if (added)
            {
                options.DangerousRelease();
            }
        }
    }

    /// <summary>A native copy of these options (<c>CloneSessionOptions</c>), owned by the caller.</summary>
    internal unsafe OrtSessionOptionsHandle CloneNative()
    {
        var clone = new OrtSessionOptionsHandle();
        IntPtr copy;
        NativeMethods.Check(NativeMethods.Api.CloneSessionOptions(Handle.Pointer, &copy));
        clone.Attach(copy);
        return clone;
    }

    /// <summary>Releases the native options.</summary>
    public void Dispose() => _handle.Dispose();
}
