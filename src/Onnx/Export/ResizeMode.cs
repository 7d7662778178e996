namespace MLSegmentation.Onnx;

/// <summary>How <see cref="OnnxOps.Resize(OnnxGraphBuilder, string, int, double, ResizeMode, bool)"/> interpolates.</summary>
public enum ResizeMode
{
    /// <summary>Nearest neighbour (PyTorch's <c>mode="nearest"</c>: asymmetric coordinates, floor).</summary>
    Nearest,
    /// <summary>Bilinear in 2D, trilinear in 3D.</summary>
    Linear,
}
