namespace MLSegmentation.Torch.Modules;

/// <summary>1 / (1 + e⁻ˣ), as PyTorch's <c>nn.Sigmoid</c>.</summary>
public sealed class Sigmoid : Module<Tensor, Tensor>
{
    /// <summary>Applies the activation; the result is owned by the caller.</summary>
    public override Tensor forward(Tensor input) => torch.nn.functional.sigmoid(input);
}
