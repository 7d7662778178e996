namespace MLSegmentation.Torch.Modules;

/// <summary>
/// Zeroes elements with probability p in training mode and scales the rest by 1/(1 − p), as PyTorch's
/// <c>nn.Dropout</c>; the identity in evaluation mode. Draws from the global generator.
/// </summary>
public sealed class Dropout : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    public Dropout(double p = 0.5)
    {
        if (p is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(p), p, "the dropout probability must be in [0, 1]");
        this.p = p;
    }

    /// <summary>The probability of zeroing an element.</summary>
    public double p { get; }

    /// <summary>Applies dropout; the result is owned by the caller.</summary>
    public override Tensor forward(Tensor input) => torch.nn.functional.dropout(input, p, training);
}
