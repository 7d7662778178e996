using System.Runtime.InteropServices;
using MLSegmentation.Torch.Native;

namespace MLSegmentation.Torch;

/// <summary>Owns one native <c>at::Tensor*</c>; releasing it drops that reference to the tensor.</summary>
internal sealed class TensorHandle : SafeHandle
{
    internal TensorHandle(nint handle) : base(0, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        NativeMethods.mlseg_tensor_free(handle);
        return true;
    }
}
