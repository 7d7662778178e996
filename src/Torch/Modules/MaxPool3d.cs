namespace MLSegmentation.Torch.Modules;

/// <summary>Maximum over 3D windows, as PyTorch's <c>nn.MaxPool3d</c>.</summary>
public sealed class MaxPool3d : PoolBase
{
    /// <summary>Creates the layer; <paramref name="stride"/> defaults to <paramref name="kernel_size"/>.</summary>
    public MaxPool3d(long kernel_size, long? stride = null, long padding = 0) : base(3, kernel_size, stride, padding)
    {
    }

    /// <summary>Pools <paramref name="input"/>; the result is owned by the caller.</summary>
    public override Tensor forward(Tensor input)
    {
        CheckInput(input);
        return torch.nn.functional.max_pool(input, kernel_size, stride, padding);
    }
}
