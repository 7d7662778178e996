using static TorchSharp.torch;

namespace MLSegmentation.Trainers.Tests;

/// <summary>Comparisons TorchSharp gives as tensors (its <c>equal</c> is element-wise), as booleans for assertions.</summary>
internal static class TensorAssertions
{
    /// <summary>Same element type, shape and values (PyTorch's <c>torch.equal</c>).</summary>
    public static bool SameAs(this Tensor a, Tensor b) =>
        a.dtype == b.dtype && a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
}
