using System.Runtime.InteropServices;
using MLSegmentation.Torch.Native;

namespace MLSegmentation.Torch;

// Gradient tracking.
public partial class Tensor
{
    private static readonly Operator s_detach = new("aten::detach");

    /// <summary>Whether operations on this tensor are recorded for differentiation.</summary>
    public bool requires_grad
    {
        get => NativeMethods.mlseg_tensor_requires_grad(Handle) != 0;
        set => NativeMethods.Check(NativeMethods.mlseg_tensor_set_requires_grad(Handle, value ? 1 : 0));
    }

    /// <summary>Sets <see cref="requires_grad"/> and returns this tensor.</summary>
    public Tensor requires_grad_(bool value = true)
    {
        requires_grad = value;
        return this;
    }

    /// <summary>True for tensors not produced by a recorded operation.</summary>
    public bool is_leaf => NativeMethods.mlseg_tensor_is_leaf(Handle) != 0;

    /// <summary>
    /// The accumulated gradient, or null. Each read returns a new managed reference (owned by the
    /// caller or the current dispose scope); setting null clears it.
    /// </summary>
    public Tensor? grad
    {
        get
        {
            nint g = NativeMethods.mlseg_tensor_grad(Handle);
            return g == 0 ? null : new Tensor(g);
        }
        set => NativeMethods.Check(NativeMethods.mlseg_tensor_set_grad(Handle, value is null ? 0 : value.Handle));
    }

    /// <summary>Name of the autograd node that produced this tensor (e.g. <c>ConvolutionBackward0</c>), or empty for leaves.</summary>
    public unsafe string grad_fn
    {
        get
        {
            byte* buffer = stackalloc byte[256];
            NativeMethods.Check(NativeMethods.mlseg_tensor_grad_fn_name(Handle, buffer, 256));
            return Marshal.PtrToStringUTF8((nint)buffer) ?? "";
        }
    }

    /// <summary>The same values, cut from the autograd graph.</summary>
    public Tensor detach() => s_detach.Tensor(this);

    /// <summary>Accumulates d(this)/d(leaf) into every leaf's <see cref="grad"/>.</summary>
    public void backward(Tensor? gradient = null, bool retain_graph = false, bool create_graph = false) =>
        torch.autograd.backward([this], gradient is null ? null : [gradient], retain_graph, create_graph);
}
