using System.Runtime.InteropServices;
using System.Text;
using MLSegmentation.Torch.Native;

namespace MLSegmentation.Torch;

/// <summary>
/// An n-dimensional array in libtorch, with autograd. The object owns one native reference
/// (a <see cref="SafeHandle"/>): dispose it, or create it inside a <see cref="DisposeScope"/>,
/// to release native memory deterministically. Methods follow PyTorch's names and semantics.
/// </summary>
public partial class Tensor : IDisposable
{
    private readonly TensorHandle _handle;

    /// <summary>Takes ownership of a native tensor handle and registers it in the current dispose scope.</summary>
    internal Tensor(nint handle) : this(handle, scoped: true)
    {
    }

    private protected Tensor(nint handle, bool scoped)
    {
        _handle = new TensorHandle(handle);
        if (scoped) DisposeScope.Current?.Add(this);
    }

    internal DisposeScope? Scope { get; set; }

    /// <summary>True once the tensor has been disposed.</summary>
    public bool IsDisposed => _handle.IsClosed;

    internal nint Handle => LiveHandle("tensor", -1);

    internal nint LiveHandle(string op, int position)
    {
        if (_handle.IsClosed)
        {
            throw new ObjectDisposedException(nameof(Tensor),
                position < 0 ? $"{op}: the tensor was disposed" : $"{op}: argument {position} is a disposed tensor");
        }
        return _handle.DangerousGetHandle();
    }

    /// <summary>Number of dimensions.</summary>
    public int dim() => NativeMethods.mlseg_tensor_dim(Handle);

    /// <summary>Number of dimensions.</summary>
    public int ndim => dim();

    /// <summary>The size of every dimension.</summary>
    public unsafe long[] shape
    {
        get
        {
            var sizes = new long[dim()];
            fixed (long* p = sizes) NativeMethods.mlseg_tensor_sizes(Handle, p);
            return sizes;
        }
    }

    /// <summary>The size of dimension <paramref name="dimension"/> (negative counts from the end).</summary>
    public long size(int dimension)
    {
        long[] s = shape;
        int d = dimension < 0 ? dimension + s.Length : dimension;
        if (d < 0 || d >= s.Length)
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, $"the tensor has {s.Length} dimensions");
        return s[d];
    }

    /// <summary>Element strides of every dimension.</summary>
    public unsafe long[] stride()
    {
        var strides = new long[dim()];
        fixed (long* p = strides) NativeMethods.mlseg_tensor_strides(Handle, p);
        return strides;
    }

    /// <summary>Number of elements.</summary>
    public long numel() => NativeMethods.mlseg_tensor_numel(Handle);

    /// <summary>Element type.</summary>
    public ScalarType dtype => (ScalarType)NativeMethods.mlseg_tensor_dtype(Handle);

    /// <summary>Where the tensor lives.</summary>
    public Device device
    {
        get
        {
            NativeMethods.mlseg_tensor_device(Handle, out int type, out int index);
            return new Device((DeviceType)type, index);
        }
    }

    /// <summary>True when <paramref name="other"/> is the same tensor (same storage view and autograd identity).</summary>
    public bool IsSameAs(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return NativeMethods.mlseg_tensor_same(Handle, other.Handle) != 0;
    }

    /// <summary>A new managed reference to the same tensor; dispose it independently.</summary>
    public Tensor alias() => new(NativeMethods.mlseg_tensor_alias(Handle));

    /// <summary>Copies the elements (moved to the CPU, row-major) into a new array.</summary>
    public T[] data<T>() where T : unmanaged
    {
        var result = new T[numel()];
        CopyTo<T>(result);
        return result;
    }

    /// <summary>Copies the elements (moved to the CPU, row-major) into <paramref name="destination"/>, whose length must equal <see cref="numel"/>.</summary>
    public unsafe void CopyTo<T>(Span<T> destination) where T : unmanaged
    {
        ScalarType expected = ScalarTypeExtensions.Of<T>();
        if (dtype != expected)
            throw new ArgumentException($"the tensor holds {dtype}, not {expected} ({typeof(T).Name})", nameof(destination));
        fixed (T* p = destination)
        {
            NativeMethods.Check(NativeMethods.mlseg_tensor_copy_to(Handle, p, (long)destination.Length * sizeof(T)));
        }
    }

    /// <summary>The value of a one-element tensor.</summary>
    public T item<T>() where T : unmanaged
    {
        if (numel() != 1) throw new InvalidOperationException($"item() needs a one-element tensor, this one has shape {ShapeText(shape)}");
        using var converted = dtype == ScalarTypeExtensions.Of<T>() ? alias() : to(ScalarTypeExtensions.Of<T>());
        Span<T> value = stackalloc T[1];
        converted.CopyTo(value);
        return value[0];
    }

    /// <summary>Takes the tensor out of its dispose scope into the enclosing one (or none).</summary>
    public Tensor MoveToOuterDisposeScope()
    {
        DisposeScope? scope = Scope;
        if (scope is null) return this;
        scope.Remove(this);
        scope.Outer?.Add(this);
        return this;
    }

    /// <summary>Takes the tensor out of every dispose scope: the caller now disposes it.</summary>
    public Tensor DetachFromDisposeScope()
    {
        Scope?.Remove(this);
        return this;
    }

    /// <summary>Releases the native reference.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the native reference; derived types release their own state too.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Scope?.Remove(this);
            _handle.Dispose();
        }
    }

    /// <summary>Shape, type and device, e.g. <c>Tensor[8, 3, 64, 64] Float32 cpu</c>; with values for small tensors.</summary>
    public override string ToString()
    {
        if (IsDisposed) return "Tensor (disposed)";
        var s = new StringBuilder($"Tensor{ShapeText(shape)} {dtype} {device}");
        if (numel() <= 16 && device.Type == DeviceType.CPU)
        {
            using var values = to(ScalarType.Float64);
            s.Append(" [").AppendJoin(", ", values.data<double>().Select(v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture))).Append(']');
        }
        return s.ToString();
    }

    internal static string ShapeText(long[] shape) => "[" + string.Join(", ", shape) + "]";
}
