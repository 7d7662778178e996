using System.Runtime.InteropServices;

namespace MLSegmentation.Onnx;

/// <summary>Element type, shape and element count of a tensor (<c>OrtTensorTypeAndShapeInfo</c>), copied to managed memory.</summary>
public sealed class OrtTensorTypeAndShapeInfo
{
    internal OrtTensorTypeAndShapeInfo(TensorElementType elementDataType, long[] shape, string[] symbolicDimensions, long elementCount)
    {
        ElementDataType = elementDataType;
        Shape = shape;
        SymbolicDimensions = symbolicDimensions;
        ElementCount = elementCount;
    }

    /// <summary>The element type.</summary>
    public TensorElementType ElementDataType { get; }

    /// <summary>The dimensions; -1 marks a dynamic dimension (only in metadata, never in a value).</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>Symbolic names of the dimensions ("" where a dimension has none).</summary>
    public IReadOnlyList<string> SymbolicDimensions { get; }

    /// <summary>Number of dimensions.</summary>
    public int DimensionsCount => Shape.Count;

    /// <summary>The number of elements (product of the dimensions; -1 if any is dynamic).</summary>
    public long ElementCount { get; }

    internal static unsafe OrtTensorTypeAndShapeInfo Read(IntPtr info)
    {
        var api = NativeMethods.Api;
        TensorElementType type;
        nuint rank;
        NativeMethods.Check(api.GetTensorElementType(info, &type));
        NativeMethods.Check(api.GetDimensionsCount(info, &rank));
        var dims = new long[(int)rank];
        var symbolic = new string[(int)rank];
        if (rank > 0)
        {
            fixed (long* d = dims)
            {
                NativeMethods.Check(api.GetDimensions(info, d, rank));
            }
            var names = new byte*[(int)rank];
            fixed (byte** n = names)
            {
                // The strings belong to the info object; they are not freed here.
                NativeMethods.Check(api.GetSymbolicDimensions(info, n, rank));
            }
            for (var i = 0; i < symbolic.Length; i++)
            {
                symbolic[i] = names[i] == null ? string.Empty : Marshal.PtrToStringUTF8((IntPtr)names[i]) ?? string.Empty;
            }
        }
        long count = 1;
        foreach (var d in dims)
        {
            if (d < 0)
            {
                count = -1;
                break;
            }
            count *= d;
        }
        return new OrtTensorTypeAndShapeInfo(type, dims, symbolic, count);
    }
}

/// <summary>
/// An ONNX value (<c>OrtValue</c>): a tensor given to or returned by <see cref="InferenceSession.Run(IReadOnlyList{string}, IReadOnlyList{OrtValue}, IReadOnlyList{string}, RunOptions?)"/>.
/// </summary>
/// <remarks>
/// <para>Ownership: an <see cref="OrtValue"/> owns its native value and must be disposed by whoever created or
/// received it (the caller of a <c>Create…</c> method, or the caller of <c>Run</c> for its outputs).</para>
/// <para>Tensors made with <see cref="CreateTensorValueFromMemory{T}(Memory{T}, ReadOnlySpan{long})"/> do not copy: they
/// pin the caller's memory until disposed, and ORT reads (and, for outputs, writes) that memory directly. The
/// caller keeps ownership of the array and must not let it be reused for something else while the value lives.</para>
/// <para>Tensors made with <see cref="CreateAllocatedTensorValue"/> or returned by <c>Run</c> live in ORT's memory,
/// readable through <see cref="GetTensorDataAsSpan{T}"/> without copies until the value is disposed.</para>
/// </remarks>
public sealed class OrtValue : IDisposable
{
    private static readonly Lazy<OrtMemoryInfoHandle> s_cpuMemoryInfo = new(CreateCpuMemoryInfo);

    private readonly OrtValueHandle _handle;

    private OrtValue(OrtValueHandle handle)
    {
        _handle = handle;
    }

    internal OrtValueHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle;
        }
    }

    /// <summary>The handle without the disposed check, for releasing references taken earlier.</summary>
    internal OrtValueHandle UncheckedHandle => _handle;

    /// <summary>Whether the value has been disposed.</summary>
    public bool IsDisposed => _handle.IsClosed;

    /// <summary>Takes ownership of a native value returned by ORT.</summary>
    internal static OrtValue FromNative(IntPtr value)
    {
        var handle = new OrtValueHandle();
        handle.Attach(value);
        return new OrtValue(handle);
    }

    /// <summary>The element type ORT uses for <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">A supported element type: float, double, sbyte, byte, short, ushort, int, uint, long, ulong, bool or Half.</typeparam>
    /// <returns>The ONNX element type.</returns>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> has no ONNX tensor element type.</exception>
    public static TensorElementType ElementTypeOf<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(float)) { return TensorElementType.Float; }
        if (typeof(T) == typeof(double)) { return TensorElementType.Double; }
        if (typeof(T) == typeof(long)) { return TensorElementType.Int64; }
        if (typeof(T) == typeof(int)) { return TensorElementType.Int32; }
        if (typeof(T) == typeof(byte)) { return TensorElementType.UInt8; }
        if (typeof(T) == typeof(sbyte)) { return TensorElementType.Int8; }
        if (typeof(T) == typeof(short)) { return TensorElementType.Int16; }
        if (typeof(T) == typeof(ushort)) { return TensorElementType.UInt16; }
        if (typeof(T) == typeof(uint)) { return TensorElementType.UInt32; }
        if (typeof(T) == typeof(ulong)) { return TensorElementType.UInt64; }
        if (typeof(T) == typeof(bool)) { return TensorElementType.Bool; }
        if (typeof(T) == typeof(Half)) { return TensorElementType.Float16; }
        throw new NotSupportedException($"{typeof(T).Name} is not an ONNX tensor element type.");
    }

    /// <summary>Size in bytes of one element of <paramref name="type"/>, or 0 if it is not a fixed-size type.</summary>
    /// <param name="type">The element type.</param>
    /// <returns>The size in bytes.</returns>
    public static int ElementSize(TensorElementType type) => type switch
    {
        TensorElementType.Float or TensorElementType.Int32 or TensorElementType.UInt32 => 4,
        TensorElementType.Double or TensorElementType.Int64 or TensorElementType.UInt64 or TensorElementType.Complex64 => 8,
        TensorElementType.UInt8 or TensorElementType.Int8 or TensorElementType.Bool => 1,
        TensorElementType.Int16 or TensorElementType.UInt16 or TensorElementType.Float16 or TensorElementType.BFloat16 => 2,
        TensorElementType.Complex128 => 16,
        _ => 0,
    };

    /// <summary>
    /// Creates a tensor over <paramref name="data"/> without copying; the array is pinned until the value is disposed.
    /// </summary>
    /// <typeparam name="T">The element type (see <see cref="ElementTypeOf{T}"/>).</typeparam>
    /// <param name="data">The elements in row-major order; owned by the caller, must outlive the value.</param>
    /// <param name="shape">The dimensions; their product must equal <paramref name="data"/>'s length.</param>
    /// <returns>A value the caller owns and disposes.</returns>
    public static OrtValue CreateTensorValueFromMemory<T>(T[] data, ReadOnlySpan<long> shape) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        return CreateTensorValueFromMemory(new Memory<T>(data), shape);
    }

    /// <summary>
    /// Creates a tensor over <paramref name="memory"/> without copying; the memory is pinned (<see cref="Memory{T}.Pin"/>)
    /// until the value is disposed.
    /// </summary>
    /// <typeparam name="T">The element type (see <see cref="ElementTypeOf{T}"/>).</typeparam>
    /// <param name="memory">The elements in row-major order; owned by the caller, must outlive the value.</param>
    /// <param name="shape">The dimensions; their product must equal <paramref name="memory"/>'s length.</param>
    /// <returns>A value the caller owns and disposes.</returns>
    /// <exception cref="ArgumentException">The shape does not match the memory's length or has a negative dimension.</exception>
    public static unsafe OrtValue CreateTensorValueFromMemory<T>(Memory<T> memory, ReadOnlySpan<long> shape) where T : unmanaged
    {
        var type = ElementTypeOf<T>();
        var count = CheckedElementCount(shape);
        if (count != memory.Length)
        {
            throw new ArgumentException(
                $"Shape [{string.Join(", ", shape.ToArray())}] has {count} elements but the memory has {memory.Length}.", nameof(shape));
        }
        var handle = new OrtValueHandle();
        var pin = memory.Pin();
        try
        {
            IntPtr value;
            fixed (long* dims = shape)
            {
                NativeMethods.Check(NativeMethods.Api.CreateTensorWithDataAsOrtValue(
                    s_cpuMemoryInfo.Value.Pointer, pin.Pointer, (nuint)(memory.Length * sizeof(T)),
                    dims, (nuint)shape.Length, type, &value), "Creating a tensor over managed memory");
            }
            handle.Attach(value);
            handle.AttachPin(pin);
        }
        catch
        {
            pin.Dispose();
            handle.Dispose();
            throw;
        }
        return new OrtValue(handle);
    }

    /// <summary>
    /// Creates a tensor in memory allocated by ORT's default CPU allocator (contents uninitialised), e.g. to
    /// pre-allocate outputs for <see cref="InferenceSession.Run(IReadOnlyList{string}, IReadOnlyList{OrtValue}, IReadOnlyList{string}, IReadOnlyList{OrtValue}, RunOptions?)"/>.
    /// </summary>
    /// <param name="elementType">The element type (not <see cref="TensorElementType.String"/>).</param>
    /// <param name="shape">The dimensions.</param>
    /// <returns>A value the caller owns and disposes; disposing frees ORT's memory.</returns>
    public static unsafe OrtValue CreateAllocatedTensorValue(TensorElementType elementType, ReadOnlySpan<long> shape)
    {
        if (ElementSize(elementType) == 0)
        {
            throw new ArgumentException($"Element type {elementType} is not supported for allocated tensors.", nameof(elementType));
        }
        CheckedElementCount(shape);
        var handle = new OrtValueHandle();
        IntPtr value;
        fixed (long* dims = shape)
        {
            NativeMethods.Check(NativeMethods.Api.CreateTensorAsOrtValue(
                OrtAllocator.DefaultPointer, dims, (nuint)shape.Length, elementType, &value), "Allocating a tensor");
        }
        handle.Attach(value);
        return new OrtValue(handle);
    }

    /// <summary>Whether this value is a tensor.</summary>
    public unsafe bool IsTensor
    {
        get
        {
            int isTensor;
            NativeMethods.Check(NativeMethods.Api.IsTensor(Handle.Pointer, &isTensor));
            GC.KeepAlive(this);
            return isTensor != 0;
        }
    }

    /// <summary>The kind of ONNX value.</summary>
    public unsafe OnnxValueType OnnxType
    {
        get
        {
            OnnxValueType type;
            NativeMethods.Check(NativeMethods.Api.GetValueType(Handle.Pointer, &type));
            GC.KeepAlive(this);
            return type;
        }
    }

    /// <summary>Reads the element type and shape of this tensor (<c>GetTensorTypeAndShape</c>); the native info is released before returning.</summary>
    /// <returns>A managed copy of the type and shape.</returns>
    public unsafe OrtTensorTypeAndShapeInfo GetTensorTypeAndShape()
    {
        IntPtr info;
        NativeMethods.Check(NativeMethods.Api.GetTensorTypeAndShape(Handle.Pointer, &info));
        using var owned = new OrtTensorTypeAndShapeInfoHandle();
        owned.Attach(info);
        GC.KeepAlive(this);
        return OrtTensorTypeAndShapeInfo.Read(info);
    }

    /// <summary>
    /// The tensor's elements, read in place (no copy). The span is valid only while this value is not disposed;
    /// for a value over managed memory it aliases that memory.
    /// </summary>
    /// <typeparam name="T">Must match the tensor's element type.</typeparam>
    /// <returns>A span over the tensor's data.</returns>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> does not match the element type.</exception>
    public ReadOnlySpan<T> GetTensorDataAsSpan<T>() where T : unmanaged => GetTensorMutableDataAsSpan<T>();

    /// <summary>
    /// The tensor's elements, writable in place (no copy). The span is valid only while this value is not disposed.
    /// </summary>
    /// <typeparam name="T">Must match the tensor's element type.</typeparam>
    /// <returns>A span over the tensor's data.</returns>
    public unsafe Span<T> GetTensorMutableDataAsSpan<T>() where T : unmanaged
    {
        // No managed allocation: element type and count straight from a short-lived native info.
        var api = NativeMethods.Api;
        var value = Handle.Pointer;
        IntPtr info;
        NativeMethods.Check(api.GetTensorTypeAndShape(value, &info));
        TensorElementType actual;
        nuint count;
        try
        {
            NativeMethods.Check(api.GetTensorElementType(info, &actual));
            NativeMethods.Check(api.GetTensorShapeElementCount(info, &count));
        }
        finally
        {
            api.ReleaseTensorTypeAndShapeInfo(info);
        }
        var expected = ElementTypeOf<T>();
        if (actual != expected)
        {
            throw new InvalidOperationException(
                $"The tensor's element type is {actual}, not {expected} ({typeof(T).Name}).");
        }
        void* data;
        NativeMethods.Check(api.GetTensorMutableData(value, &data));
        GC.KeepAlive(this);
        return new Span<T>(data, checked((int)count));
    }

    /// <summary>Releases the native value (and the pin on managed memory, if any).</summary>
    public void Dispose() => _handle.Dispose();

    private static long CheckedElementCount(ReadOnlySpan<long> shape)
    {
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Shape [{string.Join(", ", shape.ToArray())}] has a negative dimension.", nameof(shape));
            }
            count = checked(count * d);
        }
        return count;
    }

    private static unsafe OrtMemoryInfoHandle CreateCpuMemoryInfo()
    {
        // OrtArenaAllocator (1), OrtMemTypeDefault (0): what ORT's own bindings use for user CPU buffers.
        IntPtr info;
        NativeMethods.Check(NativeMethods.Api.CreateCpuMemoryInfo(1, 0, &info));
        var handle = new OrtMemoryInfoHandle();
        handle.Attach(info);
        return handle;
    }
}
