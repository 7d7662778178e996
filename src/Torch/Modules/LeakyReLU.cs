namespace MLSegmentation.Torch.Modules;

/// <summary>x for x ≥ 0, slope·x otherwise, as PyTorch's <c>nn.LeakyReLU</c>.</summary>
public sealed class LeakyReLU(double negative_slope = 0.01, bool inplace = false) : Module<Tensor, Tensor>
{
    /// <summary>The slope for negative inputs.</summary>
    public double negative_slope { get; } = negative_slope;
    /// <summary>True when the input is overwritten.</summary>
    public bool inplace { get; } = inplace;

    /// <summary>Applies the activation; the result is owned by the caller (the input itself when in place).</summary>
    public override Tensor forward(Tensor input) => torch.nn.functional.leaky_relu(input, negative_slope, inplace);
}
