namespace MLSegmentation.Transforms;

/// <summary>
/// Decodes JPEG files (baseline and progressive, greyscale and colour) through Debian's libjpeg-turbo
/// (its TurboJPEG API, <c>libturbojpeg.so.0</c>) with libjpeg's default accurate integer DCT and
/// smooth chroma upsampling, so pixels equal libjpeg's (and Pillow's) output exactly.
/// </summary>
/// <remarks>
/// Warnings such as "premature end of data" are errors here: a truncated JPEG raises
/// <see cref="InvalidDataException"/> instead of returning grey filler. CMYK and YCCK files are rejected.
/// Each call uses its own decompressor, so decoding is safe from any number of threads.
/// </remarks>
public static class JpegDecoder
{
    /// <summary>Decodes a JPEG held in memory into an image [1 or 3 channels, height, width] of values 0–255.</summary>
    /// <param name="data">The file's bytes.</param>
    /// <param name="source">A name for messages, usually the file path.</param>
    /// <exception cref="InvalidDataException">The data is not a valid JPEG; the message names the source and gives libjpeg's reason.</exception>
    /// <exception cref="DllNotFoundException">libturbojpeg.so.0 is not installed (Debian package libturbojpeg0).</exception>
    public static unsafe Image Decode(ReadOnlySpan<byte> data, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (data.Length < 4 || data[0] != 0xFF || data[1] != 0xD8)
        {
            throw Fail(source, "not a JPEG file (no start-of-image marker)");
        }

        using TurboJpegHandle handle = TurboJpegNative.InitDecompress();
        if (handle.IsInvalid)
        {
            throw new InvalidOperationException("libturbojpeg could not create a decompressor.");
        }

        fixed (byte* jpeg = data)
        {
            if (TurboJpegNative.DecompressHeader(handle, jpeg, (nuint)data.Length, out int width, out int height, out _, out int colorspace) != 0)
            {
                throw Fail(source, TurboJpegNative.LastError(handle));
            }

            if (colorspace is TurboJpegNative.ColorspaceCmyk or TurboJpegNative.ColorspaceYcck)
            {
                throw Fail(source, "CMYK/YCCK JPEGs are not supported");
            }

            bool grey = colorspace == TurboJpegNative.ColorspaceGrey;
            int channels = grey ? 1 : 3;
            long count = (long)width * height * channels;
            if (width <= 0 || height <= 0 || count > Array.MaxLength)
            {
                throw Fail(source, $"invalid size {width}×{height}");
            }

            var pixels = new byte[count];
            fixed (byte* destination = pixels)
            {
                int flags = TurboJpegNative.FlagStopOnWarning | TurboJpegNative.FlagLimitScans;
                int format = grey ? TurboJpegNative.PixelFormatGrey : TurboJpegNative.PixelFormatRgb;
                if (TurboJpegNative.Decompress(handle, jpeg, (nuint)data.Length, destination, width, width * channels, height, format, flags) != 0)
                {
                    throw Fail(source, TurboJpegNative.LastError(handle));
                }
            }

            return ToPlanar(pixels, channels, height, width);
        }
    }

    private static Image ToPlanar(byte[] pixels, int channels, int height, int width)
    {
        int plane = width * height;
        var values = new float[pixels.Length];
        for (int i = 0; i < plane; i++)
        {
            for (int c = 0; c < channels; c++)
            {
                values[c * plane + i] = pixels[i * channels + c];
            }
        }

        return new Image(channels, [height, width], values);
    }

    private static InvalidDataException Fail(string source, string problem) => new($"JPEG '{source}': {problem}.");
}
