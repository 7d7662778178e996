using System.Runtime.InteropServices;

namespace MLSegmentation.Transforms;

/// <summary>The part of the TurboJPEG C API (libjpeg-turbo 2.x, Debian's <c>libturbojpeg0</c>) used to decode.</summary>
internal static unsafe partial class TurboJpegNative
{
    public const string Library = "libturbojpeg.so.0";

    /// <summary>TJPF_RGB: 3 bytes per pixel.</summary>
    public const int PixelFormatRgb = 0;

    /// <summary>TJPF_GRAY: 1 byte per pixel.</summary>
    public const int PixelFormatGrey = 6;

    /// <summary>TJCS_GRAY.</summary>
    public const int ColorspaceGrey = 2;

    /// <summary>TJCS_CMYK.</summary>
    public const int ColorspaceCmyk = 3;

    /// <summary>TJCS_YCCK.</summary>
    public const int ColorspaceYcck = 4;

    /// <summary>TJFLAG_STOPONWARNING: treat libjpeg warnings (such as a premature end of data) as errors.</summary>
    public const int FlagStopOnWarning = 8192;

    /// <summary>TJFLAG_LIMITSCANS: refuse progressive files with more than 500 scans (a denial-of-service guard).</summary>
    public const int FlagLimitScans = 32768;

    [LibraryImport(Library, EntryPoint = "tjInitDecompress")]
    public static partial TurboJpegHandle InitDecompress();

    [LibraryImport(Library, EntryPoint = "tjDecompressHeader3")]
    public static partial int DecompressHeader(TurboJpegHandle handle, byte* jpeg, nuint size, out int width, out int height, out int subsampling, out int colorspace);

    [LibraryImport(Library, EntryPoint = "tjDecompress2")]
    public static partial int Decompress(TurboJpegHandle handle, byte* jpeg, nuint size, byte* destination, int width, int pitch, int height, int pixelFormat, int flags);

    [LibraryImport(Library, EntryPoint = "tjGetErrorStr2")]
    public static partial IntPtr GetErrorString(TurboJpegHandle handle);

    [LibraryImport(Library, EntryPoint = "tjDestroy")]
    public static partial int Destroy(IntPtr handle);

    /// <summary>The handle's last error message.</summary>
    public static string LastError(TurboJpegHandle handle) => Marshal.PtrToStringUTF8(GetErrorString(handle)) ?? "unknown error";
}
