using System.Runtime.InteropServices;

namespace MLSegmentation.Onnx;

/// <summary>Base of the native ORT handles: invalid when zero; released through the ORT function table.</summary>
internal abstract class OrtSafeHandle : SafeHandle
{
    protected OrtSafeHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>The raw pointer; callers keep the handle alive (or AddRef it) across native calls that use it.</summary>
    public IntPtr Pointer => handle;

    internal void Attach(IntPtr pointer) => SetHandle(pointer);
}

/// <summary>An <c>OrtEnv*</c>, released with <c>ReleaseEnv</c>.</summary>
internal sealed class OrtEnvHandle : OrtSafeHandle
{
    protected override unsafe bool ReleaseHandle()
    {
        NativeMethods.Api.ReleaseEnv(handle);
        return true;
    }
}

/// <summary>An <c>OrtSessionOptions*</c>, released with <c>ReleaseSessionOptions</c>.</summary>
internal sealed class OrtSessionOptionsHandle : OrtSafeHandle
{
    protected override unsafe bool ReleaseHandle()
    {
        NativeMethods.Api.ReleaseSessionOptions(handle);
        return true;
    }
}

/// <summary>An <c>OrtSession*</c>, released with <c>ReleaseSession</c>.</summary>
/// <remarks>Also owns the native UTF-8 copies of the model's input and output names, which <c>Run</c> passes to ORT, so they live exactly as long as the session.</remarks>
internal sealed class OrtSessionHandle : OrtSafeHandle
{
    internal unsafe byte* NameBlock;

    protected override unsafe bool ReleaseHandle()
    {
        NativeMethods.Api.ReleaseSession(handle);
        if (NameBlock != null)
        {
            NativeMemory.Free(NameBlock);
            NameBlock = null;
        }
        return true;
    }
}

/// <summary>An <c>OrtRunOptions*</c>, released with <c>ReleaseRunOptions</c>.</summary>
internal sealed class OrtRunOptionsHandle : OrtSafeHandle
{
    protected override unsafe bool ReleaseHandle()
    {
        NativeMethods.Api.ReleaseRunOptions(handle);
        return true;
    }
}

/// <summary>An <c>OrtMemoryInfo*</c>, released with <c>ReleaseMemoryInfo</c>.</summary>
internal sealed class OrtMemoryInfoHandle : OrtSafeHandle
{
    protected override unsafe bool ReleaseHandle()
    {
        NativeMethods.Api.ReleaseMemoryInfo(handle);
        return true;
    }
}

/// <summary>An <c>OrtTypeInfo*</c>, released with <c>ReleaseTypeInfo</c>.</summary>
internal sealed class OrtTypeInfoHandle : OrtSafeHandle
{
    protected override unsafe bool ReleaseHandle()
    {
        NativeMethods.Api.ReleaseTypeInfo(handle);
        return true;
    }
}

/// <summary>An owned <c>OrtTensorTypeAndShapeInfo*</c>, released with <c>ReleaseTensorTypeAndShapeInfo</c>.</summary>
internal sealed class OrtTensorTypeAndShapeInfoHandle : OrtSafeHandle
{
    protected override unsafe bool ReleaseHandle()
    {
        NativeMethods.Api.ReleaseTensorTypeAndShapeInfo(handle);
        return true;
    }
}

/// <summary>An <c>OrtModelMetadata*</c>, released with <c>ReleaseModelMetadata</c>.</summary>
internal sealed class OrtModelMetadataHandle : OrtSafeHandle
{
    protected override unsafe bool ReleaseHandle()
    {
        NativeMethods.Api.ReleaseModelMetadata(handle);
        return true;
    }
}

/// <summary>
/// An <c>OrtValue*</c>, released with <c>ReleaseValue</c>. When the value is a tensor over pinned managed memory,
/// the pin is held by this handle and released after the native value, so the memory stays pinned for as long
/// as any native call holds a reference to the handle.
/// </summary>
internal sealed class OrtValueHandle : OrtSafeHandle
{
    private System.Buffers.MemoryHandle _pin;
    private bool _hasPin;

    internal void AttachPin(System.Buffers.MemoryHandle pin)
    {
        _pin = pin;
        _hasPin = true;
    }

    protected override unsafe bool ReleaseHandle()
    {
        NativeMethods.Api.ReleaseValue(handle);
        if (_hasPin)
        {
            _pin.Dispose();
            _hasPin = false;
        }
        return true;
    }
}

/// <summary>
/// Memory that ORT allocated with an <c>OrtAllocator</c> (names, metadata strings, key arrays); released with
/// <c>AllocatorFree</c> on the same allocator.
/// </summary>
internal sealed class OrtAllocatedMemoryHandle : OrtSafeHandle
{
    private readonly IntPtr _allocator;

    public OrtAllocatedMemoryHandle(IntPtr allocator, IntPtr memory)
    {
        _allocator = allocator;
        SetHandle(memory);
    }

    /// <summary>Reads the memory as a NUL-terminated UTF-8 string.</summary>
    public string ReadUtf8() => IsInvalid ? string.Empty : Marshal.PtrToStringUTF8(handle) ?? string.Empty;

    protected override unsafe bool ReleaseHandle()
    {
        var status = NativeMethods.Api.AllocatorFree(_allocator, (void*)handle);
        if (status != IntPtr.Zero)
        {
            NativeMethods.Api.ReleaseStatus(status);
            return false;
        }
        return true;
    }

    /// <summary>Wraps <paramref name="memory"/> from the default allocator, reads it as UTF-8 and frees it.</summary>
    public static string TakeString(IntPtr memory)
    {
        using var owned = new OrtAllocatedMemoryHandle(OrtAllocator.DefaultPointer, memory);
        return owned.ReadUtf8();
    }
}

/// <summary>ORT's default CPU allocator (owned by ORT; never released).</summary>
internal static class OrtAllocator
{
    private static readonly Lazy<IntPtr> s_default = new(GetDefault);

    public static IntPtr DefaultPointer => s_default.Value;

    private static unsafe IntPtr GetDefault()
    {
        IntPtr allocator;
        NativeMethods.Check(NativeMethods.Api.GetAllocatorWithDefaultOptions(&allocator));
        return allocator;
    }
}
