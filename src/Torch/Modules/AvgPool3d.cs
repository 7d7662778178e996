namespace MLSegmentation.Torch.Modules;

/// <summary>Average over 3D windows, as PyTorch's <c>nn.AvgPool3d</c>.</summary>
public sealed class AvgPool3d : PoolBase
{
    /// <summary>Creates the layer; <paramref name="stride"/> defaults to <paramref name="kernel_size"/>.</summary>
    public AvgPool3d(long kernel_size, long? stride = null, long padding = 0) : base(3, kernel_size, stride, padding)
    {
    }

    /// <summary>Pools <paramref name="input"/>; the result is owned by the caller.</summary>
    public override Tensor forward(Tensor input)
    {
        CheckInput(input);
        return torch.nn.functional.avg_pool(input, kernel_size, stride, padding);
    }
}
