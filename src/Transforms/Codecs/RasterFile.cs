using SkiaSharp;

namespace MLSegmentation.Transforms;

/// <summary>
/// Reads raster image files (PNG, JPEG, BMP, WebP) as images [channels, height, width] of stored values, decoded by SkiaSharp.
/// PNGs go through <see cref="PngDecoder"/>, which keeps 16-bit grey exact and palette images as their palette;
/// other formats give 1 channel (greyscale), 3 (colour) or 4 (colour with alpha, not premultiplied), values 0–255.
/// </summary>
public static class RasterFile
{
    /// <summary>
    /// The largest width × height decoded (2^26, e.g. 8192 × 8192: 256 MB as RGBA, 768 MB as a 3-channel
    /// <see cref="Image"/>); a file declaring more is refused before any pixel memory is allocated, so a few
    /// crafted header bytes cannot claim gigabytes.
    /// </summary>
    public const long MaxPixels = 1L << 26;

    /// <summary>Reads an image file; the format is recognised from the content, not the extension.</summary>
    /// <exception cref="InvalidDataException">The file is empty, corrupt, truncated, too large or not an image; the message names it.</exception>
    public static Image ReadImage(string path) => Decode(File.ReadAllBytes(path), path);

    /// <summary>Decodes an encoded image held in memory (see <see cref="ReadImage"/>).</summary>
    /// <param name="data">The encoded bytes.</param>
    /// <param name="source">A name for messages, usually the file path.</param>
    /// <exception cref="InvalidDataException">The data is empty, corrupt, truncated, too large or not an image; the message names <paramref name="source"/>.</exception>
    public static Image Decode(ReadOnlySpan<byte> data, string source)
    {
        if (PngDecoder.HasSignature(data))
        {
            return PngDecoder.Decode(data, source).ToImage();
        }

        return SkiaDecoder.Decode(data, source, Destination, ToImage);
    }

    /// <summary>Refuses a declared size that is not positive or above <see cref="MaxPixels"/>.</summary>
    internal static void CheckSize(long width, long height, string source)
    {
        if (width < 1 || height < 1)
        {
            throw Fail(source, $"invalid size {width}×{height}");
        }

        if (width * height > MaxPixels)
        {
            throw Fail(source, $"declares {width}×{height} pixels, above the {MaxPixels} pixels decoded");
        }
    }

    /// <summary>The exception for unreadable image data, naming <paramref name="source"/>.</summary>
    internal static InvalidDataException Fail(string source, string problem) => new($"Image '{source}': {problem}.");

    private static Image ToImage(SKImageInfo info, ReadOnlySpan<byte> pixels)
    {
        int channels = info.ColorType == SKColorType.Gray8 ? 1 : info.AlphaType == SKAlphaType.Opaque ? 3 : 4;
        int stride = channels == 1 ? 1 : 4;
        int plane = info.Width * info.Height;
        var values = new float[channels * plane];
        for (int i = 0; i < plane; i++)
        {
            for (int c = 0; c < channels; c++)
            {
                values[c * plane + i] = pixels[i * stride + c];
            }
        }

        return new Image(channels, [info.Height, info.Width], values);
    }

    private static (SKColorType, SKAlphaType) Destination(SKImageInfo info) =>
        info.ColorType == SKColorType.Gray8
            ? (SKColorType.Gray8, SKAlphaType.Opaque)
            : (SKColorType.Rgba8888, info.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Unpremul);
}
