using System.Runtime.InteropServices;

namespace MLSegmentation.Transforms.Tests;

/// <summary>
/// Decodes PNGs with Debian's libpng (its simplified API) to cross-check our encoder and decoder on
/// files Pillow cannot write (interlaced, 2/4-bit grey). 8-bit output only: libpng scales
/// low bit depths to 8 bits and expands palettes.
/// </summary>
internal static unsafe partial class LibPngReference
{
    private const string Library = "libpng16.so.16";
    private const uint Version = 1;

    [StructLayout(LayoutKind.Sequential)]
    private struct PngImageStruct
    {
        public IntPtr Opaque;
        public uint Version;
        public uint Width;
        public uint Height;
        public uint Format;
        public uint Flags;
        public uint ColormapEntries;
        public uint WarningOrError;
        public fixed byte Message[64];
    }

    [LibraryImport(Library, EntryPoint = "png_image_begin_read_from_memory")]
    private static partial int BeginRead(ref PngImageStruct image, byte* memory, nuint size);

    [LibraryImport(Library, EntryPoint = "png_image_finish_read")]
    private static partial int FinishRead(ref PngImageStruct image, IntPtr background, byte* buffer, int rowStride, IntPtr colormap);

    [LibraryImport(Library, EntryPoint = "png_image_free")]
    private static partial void Free(ref PngImageStruct image);

    /// <summary>The image as 8-bit samples with <paramref name="channels"/> (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA) interleaved.</summary>
    public static byte[] Decode8(byte[] png, int channels)
    {
        var image = new PngImageStruct { Version = Version };
        fixed (byte* p = png)
        {
            if (BeginRead(ref image, p, (nuint)png.Length) == 0)
            {
                throw new InvalidOperationException("libpng could not read the header");
            }

            // PNG_FORMAT_FLAG_ALPHA = 1, PNG_FORMAT_FLAG_COLOR = 2.
            image.Format = channels switch { 1 => 0u, 2 => 1u, 3 => 2u, _ => 3u };
            var pixels = new byte[image.Width * image.Height * channels];
            fixed (byte* q = pixels)
            {
                int ok = FinishRead(ref image, IntPtr.Zero, q, 0, IntPtr.Zero);
                Free(ref image);
                if (ok == 0)
                {
                    throw new InvalidOperationException("libpng could not decode the image");
                }
            }

            return pixels;
        }
    }
}
