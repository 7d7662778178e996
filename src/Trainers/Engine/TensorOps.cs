using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MLSegmentation.Trainers.Engine;

/// <summary>Rank-generic forms of TorchSharp operators the losses and methods use on 2D and 3D tensors alike.</summary>
internal static class TensorOps
{
    /// <summary>Average pooling of [N, C, H, W] or [N, C, D, H, W] with a cubic window (padding counted, as PyTorch's default).</summary>
    public static Tensor AvgPool(Tensor x, long kernel, long? stride = null, long padding = 0) => x.dim() switch
    {
        4 => F.avg_pool2d(x, [kernel, kernel], [stride ?? kernel, stride ?? kernel], [padding, padding]),
        5 => F.avg_pool3d(x, [kernel, kernel, kernel], [stride ?? kernel, stride ?? kernel, stride ?? kernel], [padding, padding, padding]),
        _ => throw new ArgumentException($"pooling needs a 4D or 5D tensor, got shape [{string.Join(", ", x.shape)}]", nameof(x)),
    };

    /// <summary>Max pooling of [N, C, H, W] or [N, C, D, H, W] with a cubic window.</summary>
    public static Tensor MaxPool(Tensor x, long kernel, long? stride = null, long padding = 0) => x.dim() switch
    {
        4 => F.max_pool2d(x, [kernel, kernel], [stride ?? kernel, stride ?? kernel], [padding, padding]),
        5 => F.max_pool3d(x, [kernel, kernel, kernel], [stride ?? kernel, stride ?? kernel, stride ?? kernel], [padding, padding, padding]),
        _ => throw new ArgumentException($"pooling needs a 4D or 5D tensor, got shape [{string.Join(", ", x.shape)}]", nameof(x)),
    };

    /// <summary>Min pooling: −max_pool(−x).</summary>
    public static Tensor MinPool(Tensor x, long kernel, long? stride = null, long padding = 0)
    {
        using var negated = x.neg();
        using var pooled = MaxPool(negated, kernel, stride, padding);
        return pooled.neg();
    }
}
