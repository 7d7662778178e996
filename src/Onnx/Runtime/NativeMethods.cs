using System.Runtime.InteropServices;

namespace MLSegmentation.Onnx;

/// <summary>
/// Positions of the <c>OrtApi</c> members used here, counted from the start of the struct in
/// <c>onnxruntime_c_api.h</c>. The table is append-only, so these positions hold for every API version
/// from the one that introduced the member up to 30.
/// </summary>
internal static class OrtApiIndex
{
    public const int CreateStatus = 0;
    public const int GetErrorCode = 1;
    public const int GetErrorMessage = 2;
    public const int CreateEnv = 3;
    public const int CreateSession = 7;
    public const int CreateSessionFromArray = 8;
    public const int Run = 9;
    public const int CreateSessionOptions = 10;
    public const int CloneSessionOptions = 12;
    public const int SetSessionExecutionMode = 13;
    public const int EnableMemPattern = 16;
    public const int DisableMemPattern = 17;
    public const int EnableCpuMemArena = 18;
    public const int DisableCpuMemArena = 19;
    public const int SetSessionLogSeverityLevel = 22;
    public const int SetSessionGraphOptimizationLevel = 23;
    public const int SetIntraOpNumThreads = 24;
    public const int SetInterOpNumThreads = 25;
    public const int SessionGetInputCount = 30;
    public const int SessionGetOutputCount = 31;
    public const int SessionGetInputTypeInfo = 33;
    public const int SessionGetOutputTypeInfo = 34;
    public const int SessionGetInputName = 36;
    public const int SessionGetOutputName = 37;
    public const int CreateRunOptions = 39;
    public const int RunOptionsSetRunLogSeverityLevel = 41;
    public const int RunOptionsSetRunTag = 42;
    public const int RunOptionsSetTerminate = 46;
    public const int RunOptionsUnsetTerminate = 47;
    public const int CreateTensorAsOrtValue = 48;
    public const int CreateTensorWithDataAsOrtValue = 49;
    public const int IsTensor = 50;
    public const int GetTensorMutableData = 51;
    public const int CastTypeInfoToTensorInfo = 55;
    public const int GetOnnxTypeFromTypeInfo = 56;
    public const int GetTensorElementType = 60;
    public const int GetDimensionsCount = 61;
    public const int GetDimensions = 62;
    public const int GetSymbolicDimensions = 63;
    public const int GetTensorShapeElementCount = 64;
    public const int GetTensorTypeAndShape = 65;
    public const int GetValueType = 67;
    public const int CreateCpuMemoryInfo = 69;
    public const int AllocatorFree = 76;
    public const int GetAllocatorWithDefaultOptions = 78;
    public const int ReleaseEnv = 92;
    public const int ReleaseStatus = 93;
    public const int ReleaseMemoryInfo = 94;
    public const int ReleaseSession = 95;
    public const int ReleaseValue = 96;
    public const int ReleaseRunOptions = 97;
    public const int ReleaseTypeInfo = 98;
    public const int ReleaseTensorTypeAndShapeInfo = 99;
    public const int ReleaseSessionOptions = 100;
    public const int SessionGetModelMetadata = 111;
    public const int ModelMetadataGetProducerName = 112;
    public const int ModelMetadataGetGraphName = 113;
    public const int ModelMetadataGetDomain = 114;
    public const int ModelMetadataGetDescription = 115;
    public const int ModelMetadataLookupCustomMetadataMap = 116;
    public const int ModelMetadataGetVersion = 117;
    public const int ReleaseModelMetadata = 118;
    public const int ModelMetadataGetCustomMetadataMapKeys = 123;
    public const int GetAvailableProviders = 125;
    public const int ReleaseAvailableProviders = 126;
    public const int ModelMetadataGetGraphDescription = 158;
}

/// <summary>
/// The native function table of ONNX Runtime: the library handle, the <c>OrtApi</c> function pointers this
/// binding uses (read from <c>OrtGetApiBase()-&gt;GetApi(30)</c> at their member positions), and the exported
/// <c>OrtSessionOptionsAppendExecutionProvider_CUDA</c>. Loaded once per process on first use.
/// </summary>
internal sealed unsafe class NativeMethods
{
    /// <summary>The file name of the ONNX Runtime shared library this binding loads.</summary>
    public const string LibraryFileName = "libonnxruntime.so.1";

    /// <summary>The ORT API version requested from <c>GetApi</c>.</summary>
    public const uint ApiVersion = 30;

    /// <summary>The version prefix the loaded library must report.</summary>
    public const string RequiredVersionPrefix = "1.30";

    /// <summary>Environment variable that overrides the path of the ONNX Runtime library.</summary>
    public const string LibraryPathVariable = "MLSEG_ONNXRUNTIME_PATH";

    private static readonly Lazy<NativeMethods> s_instance = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The loaded table; throws <see cref="DllNotFoundException"/> or <see cref="InvalidOperationException"/> if the library is missing or of the wrong version.</summary>
    public static NativeMethods Api => s_instance.Value;

    public string LibraryPath { get; }
    public string VersionString { get; }

    public readonly delegate* unmanaged<OrtErrorCode, byte*, IntPtr> CreateStatus;
    public readonly delegate* unmanaged<IntPtr, OrtErrorCode> GetErrorCode;
    public readonly delegate* unmanaged<IntPtr, byte*> GetErrorMessage;
    public readonly delegate* unmanaged<OrtLoggingLevel, byte*, IntPtr*, IntPtr> CreateEnv;
    public readonly delegate* unmanaged<IntPtr, byte*, IntPtr, IntPtr*, IntPtr> CreateSession;
    public readonly delegate* unmanaged<IntPtr, void*, nuint, IntPtr, IntPtr*, IntPtr> CreateSessionFromArray;
    public readonly delegate* unmanaged<IntPtr, IntPtr, byte**, IntPtr*, nuint, byte**, nuint, IntPtr*, IntPtr> Run;
    public readonly delegate* unmanaged<IntPtr*, IntPtr> CreateSessionOptions;
    public readonly delegate* unmanaged<IntPtr, IntPtr*, IntPtr> CloneSessionOptions;
    public readonly delegate* unmanaged<IntPtr, ExecutionMode, IntPtr> SetSessionExecutionMode;
    public readonly delegate* unmanaged<IntPtr, IntPtr> EnableMemPattern;
    public readonly delegate* unmanaged<IntPtr, IntPtr> DisableMemPattern;
    public readonly delegate* unmanaged<IntPtr, IntPtr> EnableCpuMemArena;
    public readonly delegate* unmanaged<IntPtr, IntPtr> DisableCpuMemArena;
    public readonly delegate* unmanaged<IntPtr, int, IntPtr> SetSessionLogSeverityLevel;
    public readonly delegate* unmanaged<IntPtr, GraphOptimizationLevel, IntPtr> SetSessionGraphOptimizationLevel;
    public readonly delegate* unmanaged<IntPtr, int, IntPtr> SetIntraOpNumThreads;
    public readonly delegate* unmanaged<IntPtr, int, IntPtr> SetInterOpNumThreads;
    public readonly delegate* unmanaged<IntPtr, nuint*, IntPtr> SessionGetInputCount;
    public readonly delegate* unmanaged<IntPtr, nuint*, IntPtr> SessionGetOutputCount;
    public readonly delegate* unmanaged<IntPtr, nuint, IntPtr*, IntPtr> SessionGetInputTypeInfo;
    public readonly delegate* unmanaged<IntPtr, nuint, IntPtr*, IntPtr> SessionGetOutputTypeInfo;
    public readonly delegate* unmanaged<IntPtr, nuint, IntPtr, byte**, IntPtr> SessionGetInputName;
    public readonly delegate* unmanaged<IntPtr, nuint, IntPtr, byte**, IntPtr> SessionGetOutputName;
    public readonly delegate* unmanaged<IntPtr*, IntPtr> CreateRunOptions;
    public readonly delegate* unmanaged<IntPtr, int, IntPtr> RunOptionsSetRunLogSeverityLevel;
    public readonly delegate* unmanaged<IntPtr, byte*, IntPtr> RunOptionsSetRunTag;
    public readonly delegate* unmanaged<IntPtr, IntPtr> RunOptionsSetTerminate;
    public readonly delegate* unmanaged<IntPtr, IntPtr> RunOptionsUnsetTerminate;
    public readonly delegate* unmanaged<IntPtr, long*, nuint, TensorElementType, IntPtr*, IntPtr> CreateTensorAsOrtValue;
    public readonly delegate* unmanaged<IntPtr, void*, nuint, long*, nuint, TensorElementType, IntPtr*, IntPtr> CreateTensorWithDataAsOrtValue;
    public readonly delegate* unmanaged<IntPtr, int*, IntPtr> IsTensor;
    public readonly delegate* unmanaged<IntPtr, void**, IntPtr> GetTensorMutableData;
    public readonly delegate* unmanaged<IntPtr, IntPtr*, IntPtr> CastTypeInfoToTensorInfo;
    public readonly delegate* unmanaged<IntPtr, OnnxValueType*, IntPtr> GetOnnxTypeFromTypeInfo;
    public readonly delegate* unmanaged<IntPtr, TensorElementType*, IntPtr> GetTensorElementType;
    public readonly delegate* unmanaged<IntPtr, nuint*, IntPtr> GetDimensionsCount;
    public readonly delegate* unmanaged<IntPtr, long*, nuint, IntPtr> GetDimensions;
    public readonly delegate* unmanaged<IntPtr, byte**, nuint, IntPtr> GetSymbolicDimensions;
    public readonly delegate* unmanaged<IntPtr, nuint*, IntPtr> GetTensorShapeElementCount;
    public readonly delegate* unmanaged<IntPtr, IntPtr*, IntPtr> GetTensorTypeAndShape;
    public readonly delegate* unmanaged<IntPtr, OnnxValueType*, IntPtr> GetValueType;
    public readonly delegate* unmanaged<int, int, IntPtr*, IntPtr> CreateCpuMemoryInfo;
    public readonly delegate* unmanaged<IntPtr, void*, IntPtr> AllocatorFree;
    public readonly delegate* unmanaged<IntPtr*, IntPtr> GetAllocatorWithDefaultOptions;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseEnv;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseStatus;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseMemoryInfo;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseSession;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseValue;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseRunOptions;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseTypeInfo;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseTensorTypeAndShapeInfo;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseSessionOptions;
    public readonly delegate* unmanaged<IntPtr, IntPtr*, IntPtr> SessionGetModelMetadata;
    public readonly delegate* unmanaged<IntPtr, IntPtr, byte**, IntPtr> ModelMetadataGetProducerName;
    public readonly delegate* unmanaged<IntPtr, IntPtr, byte**, IntPtr> ModelMetadataGetGraphName;
    public readonly delegate* unmanaged<IntPtr, IntPtr, byte**, IntPtr> ModelMetadataGetDomain;
    public readonly delegate* unmanaged<IntPtr, IntPtr, byte**, IntPtr> ModelMetadataGetDescription;
    public readonly delegate* unmanaged<IntPtr, IntPtr, byte*, byte**, IntPtr> ModelMetadataLookupCustomMetadataMap;
    public readonly delegate* unmanaged<IntPtr, long*, IntPtr> ModelMetadataGetVersion;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseModelMetadata;
    public readonly delegate* unmanaged<IntPtr, IntPtr, byte***, long*, IntPtr> ModelMetadataGetCustomMetadataMapKeys;
    public readonly delegate* unmanaged<byte***, int*, IntPtr> GetAvailableProviders;
    public readonly delegate* unmanaged<byte**, int, IntPtr> ReleaseAvailableProviders;
    public readonly delegate* unmanaged<IntPtr, IntPtr, byte**, IntPtr> ModelMetadataGetGraphDescription;

    /// <summary>The exported (not table) entry point <c>OrtSessionOptionsAppendExecutionProvider_CUDA(options, device_id)</c>; null if absent.</summary>
    public readonly delegate* unmanaged<IntPtr, int, IntPtr> SessionOptionsAppendExecutionProviderCuda;

    private NativeMethods(string libraryPath, string version, IntPtr* t, IntPtr cudaExport)
    {
        LibraryPath = libraryPath;
        VersionString = version;
        CreateStatus = (delegate* unmanaged<OrtErrorCode, byte*, IntPtr>)t[OrtApiIndex.CreateStatus];
        GetErrorCode = (delegate* unmanaged<IntPtr, OrtErrorCode>)t[OrtApiIndex.GetErrorCode];
        GetErrorMessage = (delegate* unmanaged<IntPtr, byte*>)t[OrtApiIndex.GetErrorMessage];
        CreateEnv = (delegate* unmanaged<OrtLoggingLevel, byte*, IntPtr*, IntPtr>)t[OrtApiIndex.CreateEnv];
        CreateSession = (delegate* unmanaged<IntPtr, byte*, IntPtr, IntPtr*, IntPtr>)t[OrtApiIndex.CreateSession];
        CreateSessionFromArray = (delegate* unmanaged<IntPtr, void*, nuint, IntPtr, IntPtr*, IntPtr>)t[OrtApiIndex.CreateSessionFromArray];
        Run = (delegate* unmanaged<IntPtr, IntPtr, byte**, IntPtr*, nuint, byte**, nuint, IntPtr*, IntPtr>)t[OrtApiIndex.Run];
        CreateSessionOptions = (delegate* unmanaged<IntPtr*, IntPtr>)t[OrtApiIndex.CreateSessionOptions];
        CloneSessionOptions = (delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)t[OrtApiIndex.CloneSessionOptions];
        SetSessionExecutionMode = (delegate* unmanaged<IntPtr, ExecutionMode, IntPtr>)t[OrtApiIndex.SetSessionExecutionMode];
        EnableMemPattern = (delegate* unmanaged<IntPtr, IntPtr>)t[OrtApiIndex.EnableMemPattern];
        DisableMemPattern = (delegate* unmanaged<IntPtr, IntPtr>)t[OrtApiIndex.DisableMemPattern];
        EnableCpuMemArena = (delegate* unmanaged<IntPtr, IntPtr>)t[OrtApiIndex.EnableCpuMemArena];
        DisableCpuMemArena = (delegate* unmanaged<IntPtr, IntPtr>)t[OrtApiIndex.DisableCpuMemArena];
        SetSessionLogSeverityLevel = (delegate* unmanaged<IntPtr, int, IntPtr>)t[OrtApiIndex.SetSessionLogSeverityLevel];
        SetSessionGraphOptimizationLevel = (delegate* unmanaged<IntPtr, GraphOptimizationLevel, IntPtr>)t[OrtApiIndex.SetSessionGraphOptimizationLevel];
        SetIntraOpNumThreads = (delegate* unmanaged<IntPtr, int, IntPtr>)t[OrtApiIndex.SetIntraOpNumThreads];
        SetInterOpNumThreads = (delegate* unmanaged<IntPtr, int, IntPtr>)t[OrtApiIndex.SetInterOpNumThreads];
        SessionGetInputCount = (delegate* unmanaged<IntPtr, nuint*, IntPtr>)t[OrtApiIndex.SessionGetInputCount];
        SessionGetOutputCount = (delegate* unmanaged<IntPtr, nuint*, IntPtr>)t[OrtApiIndex.SessionGetOutputCount];
        SessionGetInputTypeInfo = (delegate* unmanaged<IntPtr, nuint, IntPtr*, IntPtr>)t[OrtApiIndex.SessionGetInputTypeInfo];
        SessionGetOutputTypeInfo = (delegate* unmanaged<IntPtr, nuint, IntPtr*, IntPtr>)t[OrtApiIndex.SessionGetOutputTypeInfo];
        SessionGetInputName = (delegate* unmanaged<IntPtr, nuint, IntPtr, byte**, IntPtr>)t[OrtApiIndex.SessionGetInputName];
        SessionGetOutputName = (delegate* unmanaged<IntPtr, nuint, IntPtr, byte**, IntPtr>)t[OrtApiIndex.SessionGetOutputName];
        CreateRunOptions = (delegate* unmanaged<IntPtr*, IntPtr>)t[OrtApiIndex.CreateRunOptions];
        RunOptionsSetRunLogSeverityLevel = (delegate* unmanaged<IntPtr, int, IntPtr>)t[OrtApiIndex.RunOptionsSetRunLogSeverityLevel];
        RunOptionsSetRunTag = (delegate* unmanaged<IntPtr, byte*, IntPtr>)t[OrtApiIndex.RunOptionsSetRunTag];
        RunOptionsSetTerminate = (delegate* unmanaged<IntPtr, IntPtr>)t[OrtApiIndex.RunOptionsSetTerminate];
        RunOptionsUnsetTerminate = (delegate* unmanaged<IntPtr, IntPtr>)t[OrtApiIndex.RunOptionsUnsetTerminate];
        CreateTensorAsOrtValue = (delegate* unmanaged<IntPtr, long*, nuint, TensorElementType, IntPtr*, IntPtr>)t[OrtApiIndex.CreateTensorAsOrtValue];
        CreateTensorWithDataAsOrtValue = (delegate* unmanaged<IntPtr, void*, nuint, long*, nuint, TensorElementType, IntPtr*, IntPtr>)t[OrtApiIndex.CreateTensorWithDataAsOrtValue];
        IsTensor = (delegate* unmanaged<IntPtr, int*, IntPtr>)t[OrtApiIndex.IsTensor];
        GetTensorMutableData = (delegate* unmanaged<IntPtr, void**, IntPtr>)t[OrtApiIndex.GetTensorMutableData];
        CastTypeInfoToTensorInfo = (delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)t[OrtApiIndex.CastTypeInfoToTensorInfo];
        GetOnnxTypeFromTypeInfo = (delegate* unmanaged<IntPtr, OnnxValueType*, IntPtr>)t[OrtApiIndex.GetOnnxTypeFromTypeInfo];
        GetTensorElementType = (delegate* unmanaged<IntPtr, TensorElementType*, IntPtr>)t[OrtApiIndex.GetTensorElementType];
        GetDimensionsCount = (delegate* unmanaged<IntPtr, nuint*, IntPtr>)t[OrtApiIndex.GetDimensionsCount];
        GetDimensions = (delegate* unmanaged<IntPtr, long*, nuint, IntPtr>)t[OrtApiIndex.GetDimensions];
        GetSymbolicDimensions = (delegate* unmanaged<IntPtr, byte**, nuint, IntPtr>)t[OrtApiIndex.GetSymbolicDimensions];
        GetTensorShapeElementCount = (delegate* unmanaged<IntPtr, nuint*, IntPtr>)t[OrtApiIndex.GetTensorShapeElementCount];
        GetTensorTypeAndShape = (delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)t[OrtApiIndex.GetTensorTypeAndShape];
        GetValueType = (delegate* unmanaged<IntPtr, OnnxValueType*, IntPtr>)t[OrtApiIndex.GetValueType];
        CreateCpuMemoryInfo = (delegate* unmanaged<int, int, IntPtr*, IntPtr>)t[OrtApiIndex.CreateCpuMemoryInfo];
        AllocatorFree = (delegate* unmanaged<IntPtr, void*, IntPtr>)t[OrtApiIndex.AllocatorFree];
        GetAllocatorWithDefaultOptions = (delegate* unmanaged<IntPtr*, IntPtr>)t[OrtApiIndex.GetAllocatorWithDefaultOptions];
        ReleaseEnv = (delegate* unmanaged<IntPtr, void>)t[OrtApiIndex.ReleaseEnv];
        ReleaseStatus = (delegate* unmanaged<IntPtr, void>)t[OrtApiIndex.ReleaseStatus];
        ReleaseMemoryInfo = (delegate* unmanaged<IntPtr, void>)t[OrtApiIndex.ReleaseMemoryInfo];
        ReleaseSession = (delegate* unmanaged<IntPtr, void>)t[OrtApiIndex.ReleaseSession];
        ReleaseValue = (delegate* unmanaged<IntPtr, void>)t[OrtApiIndex.ReleaseValue];
        ReleaseRunOptions = (delegate* unmanaged<IntPtr, void>)t[OrtApiIndex.ReleaseRunOptions];
        ReleaseTypeInfo = (delegate* unmanaged<IntPtr, void>)t[OrtApiIndex.ReleaseTypeInfo];
        ReleaseTensorTypeAndShapeInfo = (delegate* unmanaged<IntPtr, void>)t[OrtApiIndex.ReleaseTensorTypeAndShapeInfo];
        ReleaseSessionOptions = (delegate* unmanaged<IntPtr, void>)t[OrtApiIndex.ReleaseSessionOptions];
        SessionGetModelMetadata = (delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)t[OrtApiIndex.SessionGetModelMetadata];
        ModelMetadataGetProducerName = (delegate* unmanaged<IntPtr, IntPtr, byte**, IntPtr>)t[OrtApiIndex.ModelMetadataGetProducerName];
        ModelMetadataGetGraphName = (delegate* unmanaged<IntPtr, IntPtr, byte**, IntPtr>)t[OrtApiIndex.ModelMetadataGetGraphName];
        ModelMetadataGetDomain = (delegate* unmanaged<IntPtr, IntPtr, byte**, IntPtr>)t[OrtApiIndex.ModelMetadataGetDomain];
        ModelMetadataGetDescription = (delegate* unmanaged<IntPtr, IntPtr, byte**, IntPtr>)t[OrtApiIndex.ModelMetadataGetDescription];
        ModelMetadataLookupCustomMetadataMap = (delegate* unmanaged<IntPtr, IntPtr, byte*, byte**, IntPtr>)t[OrtApiIndex.ModelMetadataLookupCustomMetadataMap];
        ModelMetadataGetVersion = (delegate* unmanaged<IntPtr, long*, IntPtr>)t[OrtApiIndex.ModelMetadataGetVersion];
        ReleaseModelMetadata = (delegate* unmanaged<IntPtr, void>)t[OrtApiIndex.ReleaseModelMetadata];
        ModelMetadataGetCustomMetadataMapKeys = (delegate* unmanaged<IntPtr, IntPtr, byte***, long*, IntPtr>)t[OrtApiIndex.ModelMetadataGetCustomMetadataMapKeys];
        GetAvailableProviders = (delegate* unmanaged<byte***, int*, IntPtr>)t[OrtApiIndex.GetAvailableProviders];
        ReleaseAvailableProviders = (delegate* unmanaged<byte**, int, IntPtr>)t[OrtApiIndex.ReleaseAvailableProviders];
        ModelMetadataGetGraphDescription = (delegate* unmanaged<IntPtr, IntPtr, byte**, IntPtr>)t[OrtApiIndex.ModelMetadataGetGraphDescription];
        SessionOptionsAppendExecutionProviderCuda = (delegate* unmanaged<IntPtr, int, IntPtr>)cudaExport;
    }

    /// <summary>The folder the library is loaded from: <see cref="LibraryPathVariable"/> if set, else this assembly's folder.</summary>
    public static string ResolveLibraryPath()
    {
        var overridePath = Environment.GetEnvironmentVariable(LibraryPathVariable);
        if (!string.IsNullOrEmpty(overridePath))
        {
            return Path.GetFullPath(overridePath);
        }
        var folder = Path.GetDirectoryName(typeof(NativeMethods).Assembly.Location);
        if (string.IsNullOrEmpty(folder))
        {
            folder = AppContext.BaseDirectory;
        }
        return Path.Combine(folder, LibraryFileName);
    }

    private static NativeMethods Load() => LoadFrom(ResolveLibraryPath());

    /// <summary>Loads ONNX Runtime from <paramref name="path"/>, checks its version and reads the function table.</summary>
    internal static NativeMethods LoadFrom(string path)
    {
        if (!File.Exists(path))
        {
            throw new DllNotFoundException(
                $"ONNX Runtime library not found at '{path}'. Run scripts/install-onnxruntime.sh (it places " +
                $"{LibraryFileName} in artifacts/onnxruntime/, which the build copies next to MLSegmentation.Onnx.dll), " +
                $"or set {LibraryPathVariable} to the library's path.");
        }
        IntPtr library;
        try
        {
            library = NativeLibrary.Load(path);
        }
        catch (DllNotFoundException e)
        {
            throw new DllNotFoundException($"ONNX Runtime library at '{path}' could not be loaded: {e.Message}", e);
        }
        if (!NativeLibrary.TryGetExport(library, "OrtGetApiBase", out var getApiBase))
        {
            throw new InvalidOperationException($"'{path}' is not an ONNX Runtime library: it does not export OrtGetApiBase.");
        }
        // OrtApiBase is { const OrtApi* (*GetApi)(uint32_t version); const char* (*GetVersionString)(void); }.
        var apiBase = ((delegate* unmanaged<IntPtr*>)getApiBase)();
        var getApi = (delegate* unmanaged<uint, IntPtr*>)apiBase[0];
        var getVersionString = (delegate* unmanaged<byte*>)apiBase[1];
        var version = Marshal.PtrToStringUTF8((IntPtr)getVersionString()) ?? string.Empty;
        CheckVersion(version, path);
        var table = getApi(ApiVersion);
        if (table == null)
        {
            throw new InvalidOperationException(
                $"ONNX Runtime {version} at '{path}' does not provide API version {ApiVersion}.");
        }
        NativeLibrary.TryGetExport(library, "OrtSessionOptionsAppendExecutionProvider_CUDA", out var cuda);
        return new NativeMethods(path, version, table, cuda);
    }

    /// <summary>Throws unless <paramref name="version"/> is a 1.30 version ("1.30" or "1.30.x").</summary>
    internal static void CheckVersion(string version, string path)
    {
        if (version != RequiredVersionPrefix && !version.StartsWith(RequiredVersionPrefix + ".", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"ONNX Runtime at '{path}' is version '{version}'; this binding requires {RequiredVersionPrefix}.x.");
        }
    }

    /// <summary>Throws an <see cref="OrtException"/> for a non-null status, after releasing it.</summary>
    public static void Check(IntPtr status)
    {
        if (status != IntPtr.Zero)
        {
            throw CreateException(status, null);
        }
    }

    /// <summary>Throws for a non-null status with <paramref name="context"/> prefixed to ORT's message.</summary>
    public static void Check(IntPtr status, string context)
    {
        if (status != IntPtr.Zero)
        {
            throw CreateException(status, context);
        }
    }

    /// <summary>Reads code and message from <paramref name="status"/>, releases it, and returns the exception.</summary>
    public static OrtException CreateException(IntPtr status, string? context)
    {
        var api = Api;
        OrtErrorCode code;
        string message;
        try
        {
            code = api.GetErrorCode(status);
            message = Marshal.PtrToStringUTF8((IntPtr)api.GetErrorMessage(status)) ?? string.Empty;
        }
        finally
        {
            api.ReleaseStatus(status);
        }
        return new OrtException(code, context is null ? message : $"{context}: {message}");
    }
}
