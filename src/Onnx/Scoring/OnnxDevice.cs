using System.Globalization;

namespace MLSegmentation.Onnx;

/// <summary>The kinds of <see cref="OnnxDevice"/>.</summary>
public enum OnnxDeviceKind
{
    /// <summary>ONNX Runtime's CPU execution provider.</summary>
    Cpu = 0,

    /// <summary>ONNX Runtime's CUDA execution provider on one GPU; an error when it cannot be used.</summary>
    Cuda = 1,

    /// <summary>CUDA when it works, else the CPU (the fallback is logged and reported).</summary>
    Auto = 2,
}

/// <summary>
/// Where a model is scored: <c>cpu</c>, <c>cuda</c> / <c>cuda:N</c> (GPU N through
/// <c>SessionOptions.AppendExecutionProvider_CUDA(N)</c>) or <c>auto</c> / <c>auto:N</c> (CUDA device N when its
/// provider loads, else the CPU). CUDA needs an app built on the GPU runtime package
/// (<c>Microsoft.ML.OnnxRuntime.Gpu.Linux</c>, <c>-p:MLSegAccelerator=cuda</c>) and CUDA 13 on the host. Immutable;
/// the default value is <see cref="Cpu"/>.
/// </summary>
public readonly record struct OnnxDevice
{
    private OnnxDevice(OnnxDeviceKind kind, int deviceId)
    {
        Kind = kind;
        DeviceId = deviceId;
    }

    /// <summary>The CPU.</summary>
    public static OnnxDevice Cpu => default;

    /// <summary>CUDA device 0 when available, else the CPU.</summary>
    public static OnnxDevice Auto => new(OnnxDeviceKind.Auto, 0);

    /// <summary>The kind.</summary>
    public OnnxDeviceKind Kind { get; }

    /// <summary>The CUDA device index of <see cref="OnnxDeviceKind.Cuda"/> and <see cref="OnnxDeviceKind.Auto"/>; 0 for the CPU.</summary>
    public int DeviceId { get; }

    /// <summary>CUDA device <paramref name="deviceId"/>, without fallback.</summary>
    /// <param name="deviceId">The device index, 0 or more.</param>
    /// <returns>The device.</returns>
    public static OnnxDevice Cuda(int deviceId = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(deviceId);
        return new OnnxDevice(OnnxDeviceKind.Cuda, deviceId);
    }

    /// <summary>CUDA device <paramref name="deviceId"/> when available, else the CPU.</summary>
    /// <param name="deviceId">The device index, 0 or more.</param>
    /// <returns>The device.</returns>
    public static OnnxDevice AutoWith(int deviceId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(deviceId);
        return new OnnxDevice(OnnxDeviceKind.Auto, deviceId);
    }

    /// <summary>Parses <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>, <c>auto</c> or <c>auto:N</c> (case-insensitive).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The device.</returns>
    /// <exception cref="FormatException">The text is none of these forms.</exception>
    public static OnnxDevice Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().ToUpperInvariant().Split(':');
        int? id = null;
        if (parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            id = n;
        }
        return (parts[0], parts.Length, id) switch
        {
            ("CPU", 1, _) => Cpu,
            ("CUDA", 1, _) => Cuda(0),
            ("CUDA", 2, int d) => Cuda(d),
            ("AUTO", 1, _) => Auto,
            ("AUTO", 2, int d) => AutoWith(d),
            _ => throw new FormatException($"Unknown device '{text}': use cpu, cuda, cuda:N (N = the GPU's index), auto or auto:N."),
        };
    }

    /// <summary>The text form <see cref="Parse"/> reads: <c>cpu</c>, <c>cuda:N</c>, <c>auto</c> or <c>auto:N</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Kind switch
    {
        OnnxDeviceKind.Cuda => "cuda:" + DeviceId.ToString(CultureInfo.InvariantCulture),
        OnnxDeviceKind.Auto => DeviceId == 0 ? "auto" : "auto:" + DeviceId.ToString(CultureInfo.InvariantCulture),
        _ => "cpu",
    };
}
