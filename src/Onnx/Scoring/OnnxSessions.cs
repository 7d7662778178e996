namespace MLSegmentation.Onnx;

/// <summary>
/// Opens ONNX Runtime sessions on a device (<see cref="OnnxDevice"/>), turning native failures into .NET exceptions
/// that name the model file, the device and the reason.
/// </summary>
internal static class OnnxSessions
{
    /// <summary>The hint given when CUDA cannot be used.</summary>
    internal const string CudaHint = "CUDA needs an app built on Microsoft.ML.OnnxRuntime.Gpu.Linux (-p:MLSegAccelerator=cuda; the CPU package "
        + "Microsoft.ML.OnnxRuntime has no CUDA provider) and CUDA 13 with cuDNN 9 on the host; or score on the CPU (device cpu or auto)";

    /// <summary>
    /// Opens <paramref name="modelPath"/> on <paramref name="device"/>. <see cref="OnnxDeviceKind.Auto"/> falls back to the
    /// CPU when CUDA cannot be used and says why through <paramref name="log"/> and the returned reason.
    /// </summary>
    /// <param name="modelPath">The .onnx file.</param>
    /// <param name="device">Where to run.</param>
    /// <param name="configure">Sets thread counts and the like on each <see cref="SessionOptions"/> before the session is created.</param>
    /// <param name="log">Receives the fallback line, or null.</param>
    /// <returns>The session (owned by the caller), the device it runs on, and why CUDA was not used (or null).</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="OnnxModelException">ONNX Runtime cannot load the file; the message names it and says why.</exception>
    /// <exception cref="InvalidOperationException"><see cref="OnnxDeviceKind.Cuda"/> was asked for and cannot be used; the message names the device and the reason.</exception>
    public static (InferenceSession Session, OnnxDevice Device, string? FallbackReason) Open(string modelPath, OnnxDevice device,
        Action<SessionOptions>? configure, Action<string>? log)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"ONNX model '{modelPath}' does not exist.", modelPath);
        }
        if (device.Kind == OnnxDeviceKind.Cpu)
        {
            return (Create(modelPath, null, configure), OnnxDevice.Cpu, null);
        }
        var id = device.DeviceId;
        string reason;
        try
        {
            return (Create(modelPath, id, configure), OnnxDevice.Cuda(id), null);
        }
        catch (CudaUnavailableException e)
        {
            reason = e.Message;
        }
        catch (OnnxModelException e)
        {
            // The CUDA provider loaded but the session failed: the model's fault or the GPU's? Loading on the CPU tells.
            var cpu = Create(modelPath, null, configure);
            if (device.Kind == OnnxDeviceKind.Cuda)
            {
                cpu.Dispose();
            }
            reason = e.InnerException?.Message ?? e.Message;
            if (device.Kind == OnnxDeviceKind.Auto)
            {
                return (cpu, OnnxDevice.Cpu, Fallback(modelPath, id, reason, log));
            }
        }
        if (device.Kind == OnnxDeviceKind.Cuda)
        {
            throw new InvalidOperationException($"ONNX Runtime cannot score '{modelPath}' on CUDA device {id} (device cuda:{id}): {reason}. {CudaHint}.");
        }
        return (Create(modelPath, null, configure), OnnxDevice.Cpu, Fallback(modelPath, id, reason, log));
    }

    /// <summary>Runs <paramref name="session"/> and returns its outputs (owned by the caller), naming <paramref name="modelPath"/> on failure.</summary>
    /// <exception cref="OnnxModelException">ONNX Runtime failed.</exception>
    public static IDisposableReadOnlyCollection<OrtValue> Run(InferenceSession session, string modelPath, IReadOnlyCollection<string> inputNames,
        IReadOnlyCollection<OrtValue> inputValues, IReadOnlyCollection<string> outputNames)
    {
        try
        {
            return session.Run(inputNames, inputValues, outputNames);
        }
        catch (OnnxRuntimeException e)
        {
            throw new OnnxModelException(modelPath, $"running it on {string.Join(", ", inputNames)} for {string.Join(", ", outputNames)} failed: {e.Message}", e);
        }
    }

    /// <summary>
    /// Runs <paramref name="session"/> on named inputs and returns the named outputs (owned by the caller; dispose the
    /// collection), with a fresh <see cref="RunOptions"/>. ONNX Runtime's own exceptions pass through.
    /// </summary>
    public static IDisposableReadOnlyCollection<OrtValue> Run(this InferenceSession session, IReadOnlyCollection<string> inputNames,
        IReadOnlyCollection<OrtValue> inputValues, IReadOnlyCollection<string> outputNames)
    {
        ArgumentNullException.ThrowIfNull(session);
        using var runOptions = new RunOptions();
        return session.Run(runOptions, inputNames, inputValues, outputNames);
    }

    private static string Fallback(string modelPath, int id, string reason, Action<string>? log)
    {
        var line = $"CUDA device {id} is unavailable to ONNX Runtime ({reason}); scoring '{Path.GetFileName(modelPath)}' on the CPU.";
        log?.Invoke(line);
        return line;
    }

    private static InferenceSession Create(string modelPath, int? cudaDevice, Action<SessionOptions>? configure)
    {
        using var options = new SessionOptions();
        configure?.Invoke(options);
        if (cudaDevice is int id)
        {
            try
            {
                options.AppendExecutionProvider_CUDA(id);
            }
            catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                throw new CudaUnavailableException(e.Message.Trim(), e);
            }
        }
        try
        {
            return new InferenceSession(modelPath, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new OnnxModelException(modelPath, $"ONNX Runtime cannot load it (truncated, not an ONNX model, or an operator it does not support): {e.Message.Trim()}", e);
        }
    }

    /// <summary>The CUDA provider could not be added to the session options.</summary>
    private sealed class CudaUnavailableException(string message, Exception inner) : Exception(message, inner);
}
