using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace MLSegmentation.Trainers.Engine;

/// <summary>
/// Where training runs, from the option text users give (<c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>, <c>auto</c>): CUDA
/// needs a CUDA libtorch (the app built with <c>-p:MLSegAccelerator=cuda</c>) and a visible GPU, otherwise a
/// clear exception; <c>auto</c> takes CUDA device 0 when there is one and the CPU otherwise, with a log line either way.
/// </summary>
public static class TrainingDevice
{
    /// <summary>Parses <paramref name="text"/> (case-insensitive) and checks the device is usable; <paramref name="log"/> hears what <c>auto</c> chose.</summary>
    /// <exception cref="ArgumentException">The text is not a device.</exception>
    /// <exception cref="InvalidOperationException">CUDA was asked for but is not available, or the index is out of range.</exception>
    public static Device Parse(string text, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        bool available = cuda.is_available();
        return Select(text, available, available ? cuda.device_count() : 0, log);
    }

    /// <summary>The selection rule, given what CUDA offers (testable without a GPU).</summary>
    internal static Device Select(string text, bool cudaAvailable, int cudaDevices, Action<string>? log)
    {
        string t = text.Trim().ToLowerInvariant();
        if (t == "cpu") return CPU;
        if (t == "auto")
        {
            log?.Invoke(cudaAvailable ? "device auto: using cuda:0" : "device auto: CUDA is not available, using the CPU");
            return cudaAvailable ? new Device(DeviceType.CUDA, 0) : CPU;
        }
        int index = 0;
        if (t != "cuda" && !(t.StartsWith("cuda:", StringComparison.Ordinal)
            && int.TryParse(t.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out index)))
            throw new ArgumentException($"unknown device '{text}': use auto, cpu, cuda or cuda:N", nameof(text));
        if (!cudaAvailable)
        {
            throw new InvalidOperationException(
                $"device {t}: CUDA is not available: this app carries the CPU build of libtorch (TorchSharp-cpu) or no GPU is visible; " +
                "use --device cpu, or build the app with -p:MLSegAccelerator=cuda on a machine with an NVIDIA driver");
        }
        if (index >= cudaDevices) throw new InvalidOperationException($"device {t}: only {cudaDevices} CUDA device(s) are visible");
        return new Device(DeviceType.CUDA, index);
    }
}
