using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MLSegmentation.Torch.Native;

namespace MLSegmentation.Torch;

/// <summary>
/// The entry point, named as in PyTorch and TorchSharp: tensor factories (<c>torch.zeros</c>),
/// random numbers, gradient and autocast modes, threads; <c>torch.nn</c> and <c>torch.optim</c>
/// hold modules, functional operators and optimizers.
/// </summary>
public static partial class torch
{
    private static readonly Operator s_empty = new("aten::empty", "memory_format");
    private static readonly Operator s_zeros = new("aten::zeros");
    private static readonly Operator s_ones = new("aten::ones");
    private static readonly Operator s_full = new("aten::full");
    private static readonly Operator s_arange = new("aten::arange", "start_step");
    private static readonly Operator s_linspace = new("aten::linspace");
    private static readonly Operator s_eye = new("aten::eye");
    private static readonly Operator s_rand = new("aten::rand");
    private static readonly Operator s_randn = new("aten::randn");
    private static readonly Operator s_randint = new("aten::randint", "low");
    private static readonly Operator s_randperm = new("aten::randperm");
    private static readonly Operator s_cat = new("aten::cat");
    private static readonly Operator s_stack = new("aten::stack");
    private static readonly Operator s_where = new("aten::where", "self");
    private static readonly Operator s_whereScalarSelf = new("aten::where", "ScalarSelf");
    private static readonly Operator s_whereScalarOther = new("aten::where", "ScalarOther");
    private static readonly Operator s_whereScalar = new("aten::where", "Scalar");
    private static readonly Operator s_randintHigh = new("aten::randint");
    private static readonly Operator s_normal = new("aten::normal", "float_float");
    private static readonly Operator s_normalTensors = new("aten::normal", "Tensor_Tensor");
    private static readonly Operator s_einsum = new("aten::einsum");
    private static readonly Operator s_cdist = new("aten::cdist");

    /// <summary>An uninitialised tensor.</summary>
    public static Tensor empty(long[] size, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        s_empty.Tensor(size, dtype, Arg.None, device ?? Device.Cpu);

    /// <summary>A tensor of zeros.</summary>
    public static Tensor zeros(long[] size, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        s_zeros.Tensor(size, dtype, Arg.None, device ?? Device.Cpu);

    /// <summary>A tensor of zeros.</summary>
    public static Tensor zeros(params long[] size) => zeros(size, ScalarType.Float32);

    /// <summary>A tensor of ones.</summary>
    public static Tensor ones(long[] size, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        s_ones.Tensor(size, dtype, Arg.None, device ?? Device.Cpu);

    /// <summary>A tensor of ones.</summary>
    public static Tensor ones(params long[] size) => ones(size, ScalarType.Float32);

    /// <summary>A tensor filled with <paramref name="value"/>.</summary>
    public static Tensor full(long[] size, double value, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        s_full.Tensor(size, value, dtype, Arg.None, device ?? Device.Cpu);

    /// <summary>Values from <paramref name="start"/> up to (not including) <paramref name="end"/> by <paramref name="step"/>.</summary>
    public static Tensor arange(double start, double end, double step = 1, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        s_arange.Tensor(start, end, step, dtype, Arg.None, device ?? Device.Cpu);

    /// <summary>Integers 0 .. <paramref name="end"/>−1 as int64.</summary>
    public static Tensor arange(long end, Device? device = null) =>
        s_arange.Tensor(0L, end, 1L, ScalarType.Int64, Arg.None, device ?? Device.Cpu);

    /// <summary><paramref name="steps"/> evenly spaced values from start to end inclusive.</summary>
    public static Tensor linspace(double start, double end, long steps, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        s_linspace.Tensor(start, end, steps, dtype, Arg.None, device ?? Device.Cpu);

    /// <summary>The n×n identity matrix.</summary>
    public static Tensor eye(long n, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        s_eye.Tensor(n, dtype, Arg.None, device ?? Device.Cpu);

    /// <summary>Uniform random values in [0, 1) from the global generator.</summary>
    public static Tensor rand(long[] size, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        s_rand.Tensor(size, dtype, Arg.None, device ?? Device.Cpu);

    /// <summary>Uniform random values in [0, 1).</summary>
    public static Tensor rand(params long[] size) => rand(size, ScalarType.Float32);

    /// <summary>Standard normal random values from the global generator.</summary>
    public static Tensor randn(long[] size, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        s_randn.Tensor(size, dtype, Arg.None, device ?? Device.Cpu);

    /// <summary>Standard normal random values.</summary>
    public static Tensor randn(params long[] size) => randn(size, ScalarType.Float32);

    /// <summary>Random integers in [low, high).</summary>
    public static Tensor randint(long low, long high, long[] size, ScalarType dtype = ScalarType.Int64, Device? device = null) =>
        s_randint.Tensor(low, high, size, dtype, Arg.None, device ?? Device.Cpu);

    /// <summary>A random permutation of 0 .. n−1.</summary>
    public static Tensor randperm(long n, Device? device = null) =>
        s_randperm.Tensor(n, ScalarType.Int64, Arg.None, device ?? Device.Cpu);

    /// <summary>Concatenates tensors along an existing dimension.</summary>
    public static Tensor cat(IReadOnlyCollection<Tensor> tensors, long dim = 0) => s_cat.Tensor(tensors.ToArray(), dim);

    /// <summary>Stacks tensors along a new dimension.</summary>
    public static Tensor stack(IReadOnlyCollection<Tensor> tensors, long dim = 0) => s_stack.Tensor(tensors.ToArray(), dim);

    /// <summary>Elementwise <paramref name="condition"/> ? <paramref name="x"/> : <paramref name="y"/>.</summary>
    public static Tensor where(Tensor condition, Tensor x, Tensor y) => s_where.Tensor(condition, x, y);

    /// <summary>Elementwise <paramref name="condition"/> ? <paramref name="x"/> : <paramref name="y"/>.</summary>
    public static Tensor where(Tensor condition, double x, Tensor y) => s_whereScalarSelf.Tensor(condition, x, y);

    /// <summary>Elementwise <paramref name="condition"/> ? <paramref name="x"/> : <paramref name="y"/>.</summary>
    public static Tensor where(Tensor condition, Tensor x, double y) => s_whereScalarOther.Tensor(condition, x, y);

    /// <summary>Elementwise <paramref name="condition"/> ? <paramref name="x"/> : <paramref name="y"/> (float32 result).</summary>
    public static Tensor where(Tensor condition, double x, double y) => s_whereScalar.Tensor(condition, x, y);

    /// <summary>Random integers in [0, high).</summary>
    public static Tensor randint(long high, long[] size, ScalarType dtype = ScalarType.Int64, Device? device = null) =>
        s_randintHigh.Tensor(high, size, dtype, Arg.None, device ?? Device.Cpu);

    /// <summary>Normal random values with the given mean and standard deviation.</summary>
    public static Tensor normal(double mean, double std, long[] size, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        s_normal.Tensor(mean, std, size, Arg.None, dtype, Arg.None, device ?? Device.Cpu);

    /// <summary>Normal random values with elementwise means and standard deviations (broadcast).</summary>
    public static Tensor normal(Tensor mean, Tensor std) => s_normalTensors.Tensor(mean, std);

    /// <summary>Uniform random values in [low, high).</summary>
    public static Tensor uniform(double low, double high, long[] size, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        Tensor t = empty(size, dtype, device);
        return t.uniform_(low, high);
    }

    /// <summary>Bernoulli draws with probabilities <paramref name="p"/> (0 or 1, p's type).</summary>
    public static Tensor bernoulli(Tensor p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return p.bernoulli();
    }

    /// <summary>Category indices drawn from the rows of <paramref name="probabilities"/> (non-negative weights).</summary>
    public static Tensor multinomial(Tensor probabilities, long num_samples, bool replacement = false)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        return probabilities.multinomial(num_samples, replacement);
    }

    /// <summary>Einstein summation, e.g. <c>einsum("bij,bjk->bik", a, b)</c>.</summary>
    public static Tensor einsum(string equation, params Tensor[] operands) => s_einsum.Tensor(equation, operands);

    /// <summary>Batched matrix product of [B, n, m] and [B, m, p].</summary>
    public static Tensor bmm(Tensor input, Tensor mat2)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.bmm(mat2);
    }

    /// <summary>Pairwise p-norm distances between the rows of x1 [.., P, M] and x2 [.., R, M]: [.., P, R].</summary>
    public static Tensor cdist(Tensor x1, Tensor x2, double p = 2) => s_cdist.Tensor(x1, x2, p);

    /// <summary>The p-norm of (a − b), a scalar.</summary>
    public static Tensor dist(Tensor a, Tensor b, double p = 2)
    {
        ArgumentNullException.ThrowIfNull(a);
        return a.dist(b, p);
    }

    /// <summary>a + weight · (b − a).</summary>
    public static Tensor lerp(Tensor a, Tensor b, double weight)
    {
        ArgumentNullException.ThrowIfNull(a);
        return a.lerp(b, weight);
    }

    /// <summary>
    /// Mean of <paramref name="input"/> over <paramref name="dims"/> counting only elements where
    /// <paramref name="mask"/> (bool or 0/1 weights, broadcast to input) is set: Σ(x·m) / max(Σm, eps).
    /// Elements outside the mask get no gradient; an empty mask gives 0.
    /// </summary>
    public static Tensor masked_mean(Tensor input, Tensor mask, long[] dims, bool keepdim = false, double eps = 1e-12)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(mask);
        using var scope = NewDisposeScope();
        Tensor weights = mask.dtype == input.dtype ? mask : mask.to(input.dtype);
        Tensor expanded = weights.expand_as(input);
        Tensor numerator = input.mul(expanded).sum(dims, keepdim);
        Tensor denominator = expanded.sum(dims, keepdim).clamp_min(eps);
        return numerator.div(denominator).MoveToOuterDisposeScope();
    }

    /// <summary>True when mixed precision is on for <paramref name="deviceType"/> on this thread.</summary>
    public static bool is_autocast_enabled(DeviceType deviceType = DeviceType.CPU) => NativeMethods.mlseg_autocast_enabled((int)deviceType) != 0;

    /// <summary>The element type autocast uses on <paramref name="deviceType"/>.</summary>
    public static ScalarType get_autocast_dtype(DeviceType deviceType = DeviceType.CPU) => (ScalarType)NativeMethods.mlseg_autocast_dtype((int)deviceType);

    /// <summary>CUDA queries, as <c>torch.cuda</c>.</summary>
    public static class cuda
    {
        /// <summary>True when this libtorch build has CUDA and sees a GPU.</summary>
        public static bool is_available() => Device.CudaIsAvailable;

        /// <summary>Number of visible CUDA devices.</summary>
        public static int device_count() => Device.CudaDeviceCount;
    }

    /// <summary>A tensor with a copy of <paramref name="data"/>, reshaped to <paramref name="shape"/> (default: one dimension).</summary>
    public static unsafe Tensor tensor<T>(ReadOnlySpan<T> data, params long[] shape) where T : unmanaged
    {
        long[] size = shape.Length == 0 ? [data.Length] : shape;
        CheckCount(size, data.Length);
        fixed (T* p = data)
        fixed (long* s = size)
        {
            NativeMethods.Check(NativeMethods.mlseg_tensor_from_blob(p, s, size.Length, (int)ScalarTypeExtensions.Of<T>(), null, 0, out nint h));
            return new Tensor(h);
        }
    }

    /// <summary>A tensor with a copy of <paramref name="data"/>.</summary>
    public static Tensor tensor<T>(T[] data, params long[] shape) where T : unmanaged => tensor((ReadOnlySpan<T>)data, shape);

    /// <summary>A one-element tensor.</summary>
    public static Tensor tensor(double value, ScalarType dtype = ScalarType.Float32) => full([], value, dtype);

    /// <summary>
    /// A CPU tensor over <paramref name="data"/> without copying: the array stays pinned until the
    /// tensor's storage is released, and writes through either side are seen by the other.
    /// </summary>
    public static unsafe Tensor from_array<T>(T[] data, params long[] shape) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        long[] size = shape.Length == 0 ? [data.Length] : shape;
        CheckCount(size, data.Length);
        var pin = GCHandle.Alloc(data, GCHandleType.Pinned);
        fixed (long* s = size)
        {
            int status = NativeMethods.mlseg_tensor_from_blob((void*)pin.AddrOfPinnedObject(), s, size.Length,
                (int)ScalarTypeExtensions.Of<T>(), &ReleasePin, GCHandle.ToIntPtr(pin), out nint h);
            if (status != 0)
            {
                pin.Free();
                NativeMethods.Check(status);
            }
            return new Tensor(h);
        }
    }

    [UnmanagedCallersOnly]
    private static void ReleasePin(nint context) => GCHandle.FromIntPtr(context).Free();

    private static void CheckCount(long[] shape, int count)
    {
        long n = 1;
        foreach (long d in shape)
        {
            if (d < 0) throw new ArgumentException($"negative size in shape {Tensor.ShapeText(shape)}", nameof(shape));
            n *= d;
        }
        if (n != count) throw new ArgumentException($"shape {Tensor.ShapeText(shape)} holds {n} elements, the data has {count}", nameof(shape));
    }

    /// <summary>Opens a <see cref="DisposeScope"/> on this thread.</summary>
    public static DisposeScope NewDisposeScope() => new();

    /// <summary>Seeds the global generators (CPU and CUDA).</summary>
    public static void manual_seed(long seed) => NativeMethods.Check(NativeMethods.mlseg_manual_seed(unchecked((ulong)seed)));

    /// <summary>Threads used by libtorch's intra-op parallelism.</summary>
    public static int get_num_threads() => NativeMethods.mlseg_get_num_threads();

    /// <summary>Sets the threads used by libtorch's intra-op parallelism.</summary>
    public static void set_num_threads(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        NativeMethods.mlseg_set_num_threads(count);
    }

    /// <summary>The libtorch version the native layer was built against.</summary>
    public static unsafe string version
    {
        get
        {
            byte* buffer = stackalloc byte[64];
            NativeMethods.Check(NativeMethods.mlseg_version(buffer, 64));
            return Marshal.PtrToStringUTF8((nint)buffer) ?? "";
        }
    }

    /// <summary>True while gradients are recorded on this thread.</summary>
    public static bool is_grad_enabled() => NativeMethods.mlseg_grad_enabled() != 0;

    /// <summary>Turns gradient recording off on this thread until the returned scope is disposed.</summary>
    public static IDisposable no_grad() => new GradModeScope(false);

    /// <summary>Turns gradient recording on on this thread until the returned scope is disposed.</summary>
    public static IDisposable enable_grad() => new GradModeScope(true);

    private sealed class GradModeScope : IDisposable
    {
        private readonly int _previous;
        private bool _disposed;

        internal GradModeScope(bool enabled)
        {
            _previous = NativeMethods.mlseg_grad_enabled();
            NativeMethods.mlseg_set_grad_enabled(enabled ? 1 : 0);
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            NativeMethods.mlseg_set_grad_enabled(_previous);
        }
    }

    /// <summary>
    /// Mixed precision on this thread until the returned scope is disposed: eligible operators
    /// (convolutions, matrix products) run in <paramref name="dtype"/>, precision-sensitive ones
    /// in float32, as PyTorch's <c>torch.autocast</c>. CPU takes bfloat16; CUDA float16 or bfloat16.
    /// </summary>
    public static IDisposable autocast(DeviceType deviceType, ScalarType dtype = ScalarType.BFloat16) =>
        new AutocastScope(deviceType, dtype);

    private sealed class AutocastScope : IDisposable
    {
        private readonly int _device;
        private readonly int _previousEnabled;
        private readonly int _previousType;
        private bool _disposed;

        internal AutocastScope(DeviceType deviceType, ScalarType dtype)
        {
            _device = (int)deviceType;
            _previousEnabled = NativeMethods.mlseg_autocast_enabled(_device);
            _previousType = NativeMethods.mlseg_autocast_dtype(_device);
            NativeMethods.Check(NativeMethods.mlseg_autocast_set(_device, 1, (int)dtype));
            NativeMethods.mlseg_autocast_enter();
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            NativeMethods.mlseg_autocast_exit();
            NativeMethods.Check(NativeMethods.mlseg_autocast_set(_device, _previousEnabled, _previousType));
        }
    }

    /// <summary>The global CPU generator's state, to save and restore with <see cref="set_rng_state"/>.</summary>
    public static Tensor get_rng_state()
    {
        NativeMethods.Check(NativeMethods.mlseg_rng_state_get(out nint h));
        return new Tensor(h);
    }

    /// <summary>Restores the global CPU generator's state.</summary>
    public static void set_rng_state(Tensor state)
    {
        ArgumentNullException.ThrowIfNull(state);
        NativeMethods.Check(NativeMethods.mlseg_rng_state_set(state.Handle));
    }
}
