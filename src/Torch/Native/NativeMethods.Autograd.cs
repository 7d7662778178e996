using System.Runtime.InteropServices;

namespace MLSegmentation.Torch.Native;

internal static unsafe partial class NativeMethods
{
    [LibraryImport(Library)]
    internal static partial int mlseg_tensor_requires_grad(nint tensor);

    [LibraryImport(Library)]
    internal static partial int mlseg_tensor_set_requires_grad(nint tensor, int value);

    [LibraryImport(Library)]
    internal static partial int mlseg_tensor_is_leaf(nint tensor);

    [LibraryImport(Library)]
    internal static partial nint mlseg_tensor_grad(nint tensor);

    [LibraryImport(Library)]
    internal static partial int mlseg_tensor_set_grad(nint tensor, nint grad);

    [LibraryImport(Library)]
    internal static partial int mlseg_tensor_grad_fn_name(nint tensor, byte* buffer, int length);

    [LibraryImport(Library)]
    internal static partial int mlseg_backward(nint* outputs, nint* grads, int count, int retainGraph, int createGraph);

    [LibraryImport(Library)]
    internal static partial int mlseg_grad(nint* outputs, nint* grads, int count, nint* inputs, int inputCount,
        int retainGraph, int createGraph, int allowUnused, nint* results);

    [LibraryImport(Library)]
    internal static partial int mlseg_grad_enabled();

    [LibraryImport(Library)]
    internal static partial void mlseg_set_grad_enabled(int enabled);
}
