using System.IO.Compression;
using SkiaSharp;

namespace MLSegmentation.Transforms;

/// <summary>
/// Encodes <see cref="PngImage"/>s through SkiaSharp: 8-bit grey (masks), RGB and RGBA (overlays) as SkiaSharp
/// writes them; 16-bit grey and grey+alpha at 8 or 16 bits, which SkiaSharp cannot write, as their raw sample rows
/// encoded unfiltered as an 8-bit grey image one row of bytes wide, with the header then re-labelled (see
/// <see cref="PngLayout"/>). Palette, 1/2/4-bit grey and 16-bit colour images are not written.
/// </summary>
public static class PngEncoder
{
    /// <summary>The PNG file of <paramref name="image"/>.</summary>
    /// <param name="image">The image: 8-bit grey, RGB or RGBA, or 8/16-bit grey or grey+alpha.</param>
    /// <param name="level">How hard zlib compresses.</param>
    /// <exception cref="ArgumentException">A format listed above as not written.</exception>
    public static byte[] Encode(PngImage image, CompressionLevel level = CompressionLevel.Optimal)
    {
        ArgumentNullException.ThrowIfNull(image);
        int zlibLevel = level switch
        {
            CompressionLevel.NoCompression => 0,
            CompressionLevel.Fastest => 1,
            CompressionLevel.SmallestSize => 9,
            _ => 6,
        };
        return (image.ColorType, image.BitDepth) switch
        {
            (PngColorType.Grey, 8) => Encode(image, SKColorType.Gray8, SKAlphaType.Opaque, image.Width, SKPngEncoderFilterFlags.AllFilters, zlibLevel),
            (PngColorType.Rgb, 8) => Encode(image, SKColorType.Rgba8888, SKAlphaType.Opaque, image.Width, SKPngEncoderFilterFlags.AllFilters, zlibLevel),
            (PngColorType.Rgba, 8) => Encode(image, SKColorType.Rgba8888, SKAlphaType.Unpremul, image.Width, SKPngEncoderFilterFlags.AllFilters, zlibLevel),
            (PngColorType.Grey, 16) or (PngColorType.GreyAlpha, _) => EncodeRelabelled(image, zlibLevel),
            _ => throw new ArgumentException($"{image.BitDepth}-bit {image.ColorType} PNGs are not written (SkiaSharp cannot write them exactly).", nameof(image)),
        };
    }

    private static byte[] EncodeRelabelled(PngImage image, int zlibLevel)
    {
        int rowBytes = image.Width * image.Channels * image.BitDepth / 8;
        byte[] rows = Encode(image, SKColorType.Gray8, SKAlphaType.Opaque, rowBytes, SKPngEncoderFilterFlags.None, zlibLevel);
        PngLayout grey = PngLayout.Parse(rows, "SkiaSharp's PNG encoder");
        return (grey with { Width = image.Width, ColorType = image.ColorType, BitDepth = image.BitDepth }).ToPng();
    }

    /// <summary>Encodes the samples of <paramref name="image"/> as a SkiaSharp pixmap <paramref name="width"/> pixels wide.</summary>
    private static unsafe byte[] Encode(PngImage image, SKColorType colorType, SKAlphaType alphaType, int width, SKPngEncoderFilterFlags filters, int zlibLevel)
    {
        var info = new SKImageInfo(width, image.Height, colorType, alphaType);
        byte[] pixels = Pixels(image, info.BytesPerPixel);
        fixed (byte* p = pixels)
        {
            using var pixmap = new SKPixmap(info, (IntPtr)p, info.RowBytes);
            using SKData? encoded = pixmap.Encode(new SKPngEncoderOptions(filters, zlibLevel));
            return encoded?.ToArray() ?? throw new InvalidOperationException($"SkiaSharp could not encode a {image.Width}×{image.Height} {image.ColorType} PNG.");
        }
    }

    /// <summary>
    /// The samples as bytes: 8-bit samples in <paramref name="bytesPerPixel"/>-byte pixels (alpha 255 after RGB),
    /// 16-bit samples big-endian and packed, as a PNG row stores them.
    /// </summary>
    private static byte[] Pixels(PngImage image, int bytesPerPixel)
    {
        ReadOnlySpan<ushort> samples = image.Samples;
        int n = image.Channels;
        if (image.BitDepth == 16)
        {
            var wide = new byte[samples.Length * 2];
            for (int i = 0; i < samples.Length; i++)
            {
                wide[2 * i] = (byte)(samples[i] >> 8);
                wide[2 * i + 1] = (byte)samples[i];
            }

            return wide;
        }

        int count = image.Width * image.Height;
        var pixels = new byte[(long)count * (bytesPerPixel == 1 ? n : bytesPerPixel)];
        int stride = pixels.Length / count;
        for (int i = 0; i < count; i++)
        {
            for (int c = 0; c < stride; c++)
            {
                pixels[i * stride + c] = c < n ? (byte)samples[i * n + c] : byte.MaxValue;
            }
        }

        return pixels;
    }
}
