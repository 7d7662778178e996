using MLSegmentation.Torch.Native;

namespace MLSegmentation.Torch;

/// <summary>Device kinds, numbered as libtorch's <c>c10::DeviceType</c>.</summary>
public enum DeviceType
{
    /// <summary>The CPU.</summary>
    CPU = 0,
    /// <summary>An NVIDIA GPU through CUDA.</summary>
    CUDA = 1,
}

/// <summary>
/// Where tensors live. <see cref="Cpu"/> always works; <see cref="Cuda"/> needs a CUDA build of
/// libtorch and a GPU and otherwise throws <see cref="TorchException"/> with the reason;
/// <see cref="Auto"/> picks CUDA when available and the CPU otherwise, and reports the choice
/// through <see cref="DeviceSelected"/>.
/// </summary>
public readonly record struct Device(DeviceType Type, int Index = -1)
{
    /// <summary>The CPU.</summary>
    public static Device Cpu { get; } = new(DeviceType.CPU);

    /// <summary>Raised when <see cref="Auto"/> or <see cref="Parse"/> chooses a device, with a line saying why.</summary>
    public static event Action<string>? DeviceSelected;

    /// <summary>True when this libtorch build was made with CUDA and sees at least one GPU.</summary>
    public static bool CudaIsAvailable => NativeMethods.mlseg_cuda_is_available() != 0;

    /// <summary>Number of visible CUDA devices (0 on CPU builds).</summary>
    public static int CudaDeviceCount => NativeMethods.mlseg_cuda_device_count();

    /// <summary>The CUDA device <paramref name="index"/>; throws when CUDA is unavailable or the index is out of range.</summary>
    public static Device Cuda(int index = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return Select(new Device(DeviceType.CUDA, index), CudaIsAvailable, CudaDeviceCount);
    }

    /// <summary>CUDA device 0 when available, otherwise the CPU (and says so through <see cref="DeviceSelected"/>).</summary>
    public static Device Auto => SelectAuto(CudaIsAvailable);

    /// <summary>Parses <c>auto</c>, <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c> (case-insensitive).</summary>
    public static Device Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim().ToLowerInvariant();
        if (t == "auto") return Auto;
        if (t == "cpu") return Cpu;
        if (t == "cuda") return Cuda();
        if (t.StartsWith("cuda:", StringComparison.Ordinal) &&
            int.TryParse(t.AsSpan(5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index))
        {
            return Cuda(index);
        }
        throw new ArgumentException($"unknown device '{text}': use auto, cpu, cuda or cuda:N", nameof(text));
    }

    /// <summary>The selection rule behind <see cref="Cuda(int)"/>, separated so that it is testable without a GPU.</summary>
    internal static Device Select(Device requested, bool cudaAvailable, int cudaDeviceCount)
    {
        if (requested.Type == DeviceType.CPU) return requested;
        if (!cudaAvailable)
        {
            throw new TorchException(
                $"CUDA device {requested.Index} was requested, but this libtorch build has no CUDA support or no GPU is visible. " +
                "Use the CPU, or rebuild the native layer against a CUDA libtorch (LIBTORCH=/path/to/libtorch ./scripts/setup.sh).");
        }
        if (requested.Index >= cudaDeviceCount)
        {
            throw new TorchException($"CUDA device {requested.Index} was requested, but only {cudaDeviceCount} device(s) are visible.");
        }
        return requested;
    }

    internal static Device SelectAuto(bool cudaAvailable)
    {
        var chosen = cudaAvailable ? new Device(DeviceType.CUDA, 0) : Cpu;
        DeviceSelected?.Invoke(cudaAvailable ? "device auto: using cuda:0" : "device auto: CUDA is not available, using the CPU");
        return chosen;
    }

    /// <summary>The device as PyTorch writes it: <c>cpu</c> or <c>cuda:0</c>.</summary>
    public override string ToString() =>
        Type == DeviceType.CPU ? "cpu" : Index < 0 ? "cuda" : $"cuda:{Index}";
}
