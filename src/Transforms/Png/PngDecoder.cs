using SkiaSharp;

namespace MLSegmentation.Transforms;

/// <summary>
/// Decodes PNG files to their stored samples through SkiaSharp, exactly. SkiaSharp decodes to colour types only:
/// palettes become colours, and 16-bit samples become 8-bit or half floats. So the file's header is re-labelled
/// (see <see cref="PngLayout"/>) to a format with the same bytes per pixel that SkiaSharp decodes losslessly:
/// a palette image as greyscale of its depth (the indices), 16-bit grey as 8-bit grey+alpha (high, low byte),
/// 16-bit grey+alpha as 8-bit RGBA. Only 16-bit RGB and RGBA, which no 8-bit format matches, come back at 8 bits
/// (the high bytes, as Pillow gives them).
/// </summary>
public static class PngDecoder
{
    /// <summary>Whether <paramref name="data"/> starts with the PNG signature.</summary>
    public static bool HasSignature(ReadOnlySpan<byte> data) => data.StartsWith(PngLayout.Signature);

    /// <summary>Decodes a PNG held in memory.</summary>
    /// <param name="data">The file's bytes.</param>
    /// <param name="source">A name for messages, usually the file path.</param>
    /// <exception cref="InvalidDataException">The data is not a valid PNG; the message names <paramref name="source"/>.</exception>
    public static PngImage Decode(ReadOnlySpan<byte> data, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        PngLayout png = PngLayout.Parse(data, source);
        (PngColorType type, int depth) = (png.ColorType, png.BitDepth);
        return (type, depth) switch
        {
            (PngColorType.Grey, <= 8) => Samples(source, png, png, Grey8, 255 / ((1 << depth) - 1), [0]),
            (PngColorType.Palette, _) => Samples(source, png, png with { ColorType = PngColorType.Grey }, Grey8, 255 / ((1 << depth) - 1), [0]),
            (PngColorType.Grey, 16) => Samples(source, png, png with { ColorType = PngColorType.GreyAlpha, BitDepth = 8 }, Rgba, 1, [0, 3]),
            (PngColorType.GreyAlpha, 8) => Samples(source, png, png, Rgba, 1, [0], [3]),
            (PngColorType.GreyAlpha, 16) => Samples(source, png, png with { ColorType = PngColorType.Rgba, BitDepth = 8 }, Rgba, 1, [0, 1], [2, 3]),
            (PngColorType.Rgb, _) => Samples(source, png with { BitDepth = 8 }, png, Rgba, 1, [0], [1], [2]),
            _ => Samples(source, png with { BitDepth = 8 }, png, Rgba, 1, [0], [1], [2], [3]),
        };
    }

    private static (SKColorType, SKAlphaType) Grey8(SKImageInfo info) => (SKColorType.Gray8, SKAlphaType.Opaque);

    private static (SKColorType, SKAlphaType) Rgba(SKImageInfo info) => (SKColorType.Rgba8888, SKAlphaType.Unpremul);

    /// <summary>
    /// Decodes <paramref name="decoded"/> (the file, re-labelled or not) and assembles the samples of
    /// <paramref name="stored"/>: each stored channel from decoded bytes of a pixel, high byte first, divided by
    /// <paramref name="scale"/> (SkiaSharp widens 1/2/4-bit grey to 8 bits by multiplying).
    /// </summary>
    private static PngImage Samples(string source, PngLayout stored, PngLayout decoded, Func<SKImageInfo, (SKColorType, SKAlphaType)> destination, int scale, params int[][] channelBytes)
    {
        ushort[] samples = SkiaDecoder.Decode(decoded.ToPng(), source, destination, (info, pixels) => Assemble(pixels, pixels.Length / (info.Width * info.Height), scale, channelBytes));
        int entries = stored.Palette is null ? 0 : stored.Palette.Length / 3;
        if (entries > 0 && samples.Any(s => s >= entries))
        {
            throw new InvalidDataException($"PNG '{source}': a palette index is not below the palette's {entries} entries.");
        }

        return new PngImage(stored.Width, stored.Height, stored.ColorType, stored.BitDepth, samples, stored.Palette, stored.PaletteAlpha);
    }

    private static ushort[] Assemble(ReadOnlySpan<byte> pixels, int stride, int scale, int[][] channelBytes)
    {
        int n = channelBytes.Length;
        var samples = new ushort[pixels.Length / stride * n];
        for (int i = 0, p = 0; p < pixels.Length; i++, p += stride)
        {
            for (int c = 0; c < n; c++)
            {
                int value = 0;
                foreach (int b in channelBytes[c])
                {
                    value = (value << 8) | pixels[p + b];
                }

                samples[i * n + c] = (ushort)(value / scale);
            }
        }

        return samples;
    }
}
