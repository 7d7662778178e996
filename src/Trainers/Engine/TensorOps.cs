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

    /// <summary>Average pooling of [N, C, spatial…] with a window equal to its stride, <paramref name="kernel"/> per spatial axis.</summary>
    public static Tensor AvgPool(Tensor x, long[] kernel) => x.dim() switch
    {
        4 when kernel.Length == 2 => F.avg_pool2d(x, kernel, kernel),
        5 when kernel.Length == 3 => F.avg_pool3d(x, kernel, kernel),
        _ => throw new ArgumentException($"pooling [{string.Join(", ", kernel)}] needs a tensor of {kernel.Length + 2} dimensions, got shape [{string.Join(", ", x.shape)}]", nameof(x)),
    };

    /// <summary>Max pooling of [N, C, spatial…] with a window equal to its stride, <paramref name="kernel"/> per spatial axis.</summary>
    public static Tensor MaxPool(Tensor x, long[] kernel) => x.dim() switch
    {
        4 when kernel.Length == 2 => F.max_pool2d(x, kernel, kernel),
        5 when kernel.Length == 3 => F.max_pool3d(x, kernel, kernel),
        _ => throw new ArgumentException($"pooling [{string.Join(", ", kernel)}] needs a tensor of {kernel.Length + 2} dimensions, got shape [{string.Join(", ", x.shape)}]", nameof(x)),
    };

    /// <summary>Min pooling with a window equal to its stride, <paramref name="kernel"/> per spatial axis: −max_pool(−x).</summary>
    public static Tensor MinPool(Tensor x, long[] kernel)
    {
        using var negated = x.neg();
        using var pooled = MaxPool(negated, kernel);
        return pooled.neg();
    }

    /// <summary>The integer factor per spatial axis by which <paramref name="fine"/>'s spatial extent exceeds <paramref name="coarse"/>'s.</summary>
    public static long[] SpatialFactors(Tensor fine, Tensor coarse) =>
        [.. Enumerable.Range(2, (int)fine.dim() - 2).Select(d => fine.size(d) / coarse.size(d))];

    /// <summary>Min pooling: −max_pool(−x).</summary>
    public static Tensor MinPool(Tensor x, long kernel, long? stride = null, long padding = 0)
    {
        using var negated = x.neg();
        using var pooled = MaxPool(negated, kernel, stride, padding);
        return pooled.neg();
    }
}
