using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace MLSegmentation.Trainers.Engine;

/// <summary>
/// Mixed precision as PyTorch's <c>torch.autocast(device_type, dtype)</c>: inside the scope, libtorch runs the
/// operators of its autocast lists (convolutions, matrix products) in <see cref="Dtype"/> and keeps the others
/// (losses, reductions, normalisation statistics) in float32. TorchSharp 0.107 exposes no autocast, so the scope calls
/// libtorch's exported <c>at::autocast</c> functions; their state is per thread: create and dispose the scope on the
/// thread that runs the forward pass. Parameters stay float32, so gradients reach them in float32.
/// </summary>
public sealed class AutocastScope : IDisposable
{
    private const string Library = "libtorch_cpu";
    private static readonly Lazy<Functions> Native = new(() => Functions.Bind(Library));
    private readonly sbyte _device;
    private readonly bool _wasEnabled;
    private readonly sbyte _previousDtype;
    private bool _disposed;

    /// <summary>Enters autocast on <paramref name="device"/> (CPU or CUDA) with <paramref name="dtype"/> (BFloat16, or Float16 on CUDA).</summary>
    /// <exception cref="ArgumentException">The pair is not one autocast supports.</exception>
    /// <exception cref="NotSupportedException">The loaded libtorch does not export the autocast functions; the message names the missing one.</exception>
    public AutocastScope(DeviceType device, ScalarType dtype)
    {
        if (device is not (DeviceType.CPU or DeviceType.CUDA)) throw new ArgumentException($"autocast runs on the CPU or CUDA, not {device}", nameof(device));
        if (dtype is not (ScalarType.BFloat16 or ScalarType.Float16)) throw new ArgumentException($"autocast computes in bfloat16 or float16, not {dtype}", nameof(dtype));
        if (dtype == ScalarType.Float16 && device == DeviceType.CPU) throw new ArgumentException("float16 autocast needs CUDA; use bfloat16 on the CPU", nameof(dtype));
        Functions f = Native.Value;
        _device = (sbyte)device;
        Device = device;
        Dtype = dtype;
        _wasEnabled = f.IsEnabled(_device);
        _previousDtype = f.GetDtype(_device);
        f.SetDtype(_device, (sbyte)dtype);
        f.SetEnabled(_device, true);
        f.IncrementNesting();
    }

    /// <summary>The device type whose operators are cast.</summary>
    public DeviceType Device { get; }

    /// <summary>The lower precision.</summary>
    public ScalarType Dtype { get; }

    /// <summary>Whether autocast is on for <paramref name="device"/> on this thread.</summary>
    public static bool IsEnabled(DeviceType device) => Native.Value.IsEnabled((sbyte)device);

    /// <summary>Leaves the scope: the previous state returns and, at the outermost scope, the cast-weight cache is cleared.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Functions f = Native.Value;
        if (f.DecrementNesting() == 0) f.ClearCache();
        f.SetEnabled(_device, _wasEnabled);
        f.SetDtype(_device, _previousDtype);
    }

    /// <summary>Binds the autocast functions of <paramref name="library"/> (the check behind the constructor, testable with another library).</summary>
    internal static void CheckExports(string library) => Functions.Bind(library);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetEnabledFn(sbyte device, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    [return: MarshalAs(UnmanagedType.U1)]
    private delegate bool IsEnabledFn(sbyte device);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetDtypeFn(sbyte device, sbyte dtype);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate sbyte GetDtypeFn(sbyte device);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int NestingFn();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void ClearCacheFn();

    private sealed record Functions(SetEnabledFn SetEnabled, IsEnabledFn IsEnabled, SetDtypeFn SetDtype, GetDtypeFn GetDtype,
        NestingFn IncrementNesting, NestingFn DecrementNesting, ClearCacheFn ClearCache)
    {
        public static Functions Bind(string library)
        {
            using (zeros(1)) { } // loads libtorch
            if (!NativeLibrary.TryLoad(library.EndsWith(".so", StringComparison.Ordinal) || library.Contains(".so.", StringComparison.Ordinal) ? library : library + ".so", out IntPtr handle)
                && !NativeLibrary.TryLoad(library, typeof(torch).Assembly, null, out handle))
                throw new NotSupportedException($"autocast: {library} is not loaded, so its at::autocast functions cannot be found");
            T Get<T>(string symbol, string name) where T : Delegate =>
                NativeLibrary.TryGetExport(handle, symbol, out IntPtr p) ? Marshal.GetDelegateForFunctionPointer<T>(p)
                    : throw new NotSupportedException($"autocast: the loaded libtorch does not export at::autocast::{name} ({symbol}); mixed precision needs libtorch 2.x as TorchSharp 0.107 ships it");
            return new Functions(
                Get<SetEnabledFn>("_ZN2at8autocast20set_autocast_enabledEN3c1010DeviceTypeEb", "set_autocast_enabled"),
                Get<IsEnabledFn>("_ZN2at8autocast19is_autocast_enabledEN3c1010DeviceTypeE", "is_autocast_enabled"),
                Get<SetDtypeFn>("_ZN2at8autocast18set_autocast_dtypeEN3c1010DeviceTypeENS1_10ScalarTypeE", "set_autocast_dtype"),
                Get<GetDtypeFn>("_ZN2at8autocast18get_autocast_dtypeEN3c1010DeviceTypeE", "get_autocast_dtype"),
                Get<NestingFn>("_ZN2at8autocast17increment_nestingEv", "increment_nesting"),
                Get<NestingFn>("_ZN2at8autocast17decrement_nestingEv", "decrement_nesting"),
                Get<ClearCacheFn>("_ZN2at8autocast11clear_cacheEv", "clear_cache"));
        }
    }
}
