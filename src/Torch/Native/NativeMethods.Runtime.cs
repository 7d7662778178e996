using System.Runtime.InteropServices;

namespace MLSegmentation.Torch.Native;

internal static unsafe partial class NativeMethods
{
    [LibraryImport(Library)]
    internal static partial int mlseg_autocast_enabled(int deviceType);

    [LibraryImport(Library)]
    internal static partial int mlseg_autocast_dtype(int deviceType);

    [LibraryImport(Library)]
    internal static partial int mlseg_autocast_set(int deviceType, int enabled, int dtype);

    [LibraryImport(Library)]
    internal static partial void mlseg_autocast_enter();

    [LibraryImport(Library)]
    internal static partial void mlseg_autocast_exit();

    [LibraryImport(Library)]
    internal static partial int mlseg_manual_seed(ulong seed);

    [LibraryImport(Library)]
    internal static partial int mlseg_rng_state_get(out nint state);

    [LibraryImport(Library)]
    internal static partial int mlseg_rng_state_set(nint state);

    [LibraryImport(Library)]
    internal static partial int mlseg_cuda_is_available();

    [LibraryImport(Library)]
    internal static partial int mlseg_cuda_device_count();

    [LibraryImport(Library)]
    internal static partial int mlseg_get_num_threads();

    [LibraryImport(Library)]
    internal static partial void mlseg_set_num_threads(int count);

    [LibraryImport(Library)]
    internal static partial int mlseg_version(byte* buffer, int length);
}
