using System.Runtime.InteropServices;

namespace MLSegmentation.Torch.Native;

/// <summary>
/// The libmlseg_native C ABI (src/Native/include/mlseg_native.h), grouped by native area in
/// partial files. Functions returning int return 0 on success and -1 on failure, with the
/// message in <see cref="mlseg_last_error"/>; <see cref="Check"/> turns that into a <see cref="TorchException"/>.
/// </summary>
internal static unsafe partial class NativeMethods
{
    internal const string Library = "mlseg_native";

    [LibraryImport(Library)]
    internal static partial byte* mlseg_last_error();

    [LibraryImport(Library)]
    internal static partial void mlseg_free(void* p);

    internal static string LastError() => Marshal.PtrToStringUTF8((nint)mlseg_last_error()) ?? "unknown native error";

    /// <summary>Throws the thread's last native error when <paramref name="status"/> is non-zero.</summary>
    internal static void Check(int status)
    {
        if (status != 0)
        {
            throw new TorchException(LastError());
        }
    }
}
