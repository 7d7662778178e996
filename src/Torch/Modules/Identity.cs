namespace MLSegmentation.Torch.Modules;

/// <summary>Returns its input, as PyTorch's <c>nn.Identity</c> (a placeholder where a layer is optional).</summary>
public sealed class Identity : Module<Tensor, Tensor>
{
    /// <summary>A new reference to <paramref name="input"/>, owned by the caller (dispose it independently).</summary>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.alias();
    }
}
