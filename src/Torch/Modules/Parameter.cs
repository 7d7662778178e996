using MLSegmentation.Torch.Native;

namespace MLSegmentation.Torch.Modules;

/// <summary>
/// A tensor registered as a trainable parameter of a <see cref="Module"/>: a leaf that records
/// gradients by default. Unlike other tensors it is never registered in a <see cref="DisposeScope"/>;
/// the module it is registered in owns it and disposes it with itself.
/// </summary>
public sealed class Parameter : Tensor
{
    /// <summary>
    /// A parameter over the values of <paramref name="data"/> (sharing its storage, cut from its
    /// autograd graph, as PyTorch's <c>nn.Parameter(data)</c>). The caller still owns <paramref name="data"/>;
    /// the new parameter is a separate reference that the caller (or the module it is registered in) disposes.
    /// </summary>
    public Parameter(Tensor data, bool requires_grad = true) : base(DetachedReference(data), scoped: false)
    {
        this.requires_grad = requires_grad;
    }

    private static nint DetachedReference(Tensor data)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var detached = data.detach();
        return NativeMethods.mlseg_tensor_alias(detached.Handle);
    }

    /// <summary>Shape, type and device, marked as a parameter.</summary>
    public override string ToString() => "Parameter " + base.ToString();
}
