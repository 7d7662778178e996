namespace MLSegmentation.Torch.Modules;

/// <summary>Maximum over 2D windows, as PyTorch's <c>nn.MaxPool2d</c>.</summary>
public sealed class MaxPool2d : PoolBase
{
    /// <summary>Creates the layer; <paramref name="stride"/> defaults to <paramref name="kernel_size"/>.</summary>
    public MaxPool2d(long kernel_size, long? stride = null, long padding = 0) : base(2, kernel_size, stride, padding)
    {
    }

    /// <summary>Pools <paramref name="input"/>; the result is owned by the caller.</summary>
    public override Tensor forward(Tensor input)
    {
        CheckInput(input);
        return torch.nn.functional.max_pool(input, kernel_size, stride, padding);
    }
}
