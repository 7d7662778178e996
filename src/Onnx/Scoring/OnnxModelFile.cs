namespace MLSegmentation.Onnx;

/// <summary>Opens any ONNX model file in ONNX Runtime with .NET errors that name the file (for inspection and raw runs).</summary>
public static class OnnxModelFile
{
    /// <summary>Opens <paramref name="modelPath"/> in an <see cref="InferenceSession"/> on <paramref name="device"/>.</summary>
    /// <param name="modelPath">The .onnx file.</param>
    /// <param name="device">Where to run; default the CPU.</param>
    /// <param name="log">Receives the CPU fallback line of <see cref="OnnxDevice.Auto"/>, or null.</param>
    /// <returns>The session; the caller owns and disposes it.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="OnnxModelException">ONNX Runtime cannot load the file; the message names it and says why.</exception>
    /// <exception cref="InvalidOperationException"><see cref="OnnxDeviceKind.Cuda"/> cannot be used; the message names the device and the reason.</exception>
    public static InferenceSession Open(string modelPath, OnnxDevice device = default, Action<string>? log = null) =>
        OnnxSessions.Open(modelPath, device, null, log).Session;
}
