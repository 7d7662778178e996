namespace MLSegmentation.Torch.Modules;

/// <summary>max(x, 0), as PyTorch's <c>nn.ReLU</c>. With <c>inplace</c> it overwrites and returns its input.</summary>
public sealed class ReLU(bool inplace = false) : Module<Tensor, Tensor>
{
    /// <summary>True when the input is overwritten.</summary>
    public bool inplace { get; } = inplace;

    /// <summary>Applies the activation; the result is owned by the caller (the input itself when in place).</summary>
    public override Tensor forward(Tensor input) => torch.nn.functional.relu(input, inplace);
}
