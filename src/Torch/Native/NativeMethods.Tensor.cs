using System.Runtime.InteropServices;

namespace MLSegmentation.Torch.Native;

internal static unsafe partial class NativeMethods
{
    [LibraryImport(Library)]
    internal static partial int mlseg_tensor_from_blob(void* data, long* sizes, int ndim, int dtype,
        delegate* unmanaged<nint, void> deleter, nint context, out nint result);

    [LibraryImport(Library)]
    internal static partial int mlseg_tensor_copy_to(nint tensor, void* destination, long bytes);

    [LibraryImport(Library)]
    internal static partial void mlseg_tensor_free(nint tensor);

    [LibraryImport(Library)]
    internal static partial int mlseg_tensor_dim(nint tensor);

    [LibraryImport(Library)]
    internal static partial void mlseg_tensor_sizes(nint tensor, long* sizes);

    [LibraryImport(Library)]
    internal static partial void mlseg_tensor_strides(nint tensor, long* strides);

    [LibraryImport(Library)]
    internal static partial int mlseg_tensor_dtype(nint tensor);

    [LibraryImport(Library)]
    internal static partial void mlseg_tensor_device(nint tensor, out int type, out int index);

    [LibraryImport(Library)]
    internal static partial long mlseg_tensor_numel(nint tensor);

    [LibraryImport(Library)]
    internal static partial void* mlseg_tensor_data_ptr(nint tensor);

    [LibraryImport(Library)]
    internal static partial nint mlseg_tensor_alias(nint tensor);

    [LibraryImport(Library)]
    internal static partial int mlseg_tensor_same(nint a, nint b);
}
