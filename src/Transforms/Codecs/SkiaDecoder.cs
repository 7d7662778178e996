using SkiaSharp;

namespace MLSegmentation.Transforms;

/// <summary>
/// Decodes encoded images (PNG, JPEG, BMP, WebP, whatever <see cref="SKCodec"/> recognises) into tightly packed
/// pixels of a chosen colour type, with no colour-space conversion. Every failure is an
/// <see cref="InvalidDataException"/> naming the source; a declared size above <see cref="RasterFile.MaxPixels"/>
/// is refused before any pixel memory is allocated.
/// </summary>
internal static class SkiaDecoder
{
    /// <summary>Decodes <paramref name="data"/>.</summary>
    /// <param name="data">The encoded bytes.</param>
    /// <param name="source">A name for messages, usually the file path.</param>
    /// <param name="destination">Picks the colour and alpha type to decode into from the codec's own description of the image.</param>
    /// <returns>The codec's description of the image, the pixels (rows of width × bytes per pixel, no padding) and the format found.</returns>
    /// <exception cref="InvalidDataException">SkiaSharp recognises no image in the data, the size is refused, or decoding fails or stops early.</exception>
    public static unsafe (SKImageInfo Info, byte[] Pixels, SKEncodedImageFormat Format) Decode(
        ReadOnlySpan<byte> data, string source, Func<SKImageInfo, (SKColorType Color, SKAlphaType Alpha)> destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        if (data.IsEmpty)
        {
            throw RasterFile.Fail(source, "the file is empty");
        }

        using var stream = new SKMemoryStream(data.ToArray());
        using SKCodec? codec = SKCodec.Create(stream, out SKCodecResult opened);
        if (codec is null)
        {
            throw RasterFile.Fail(source, $"not an image SkiaSharp can read (PNG, JPEG, BMP, WebP): {Describe(opened)}");
        }

        SKImageInfo info = codec.Info;
        RasterFile.CheckSize(info.Width, info.Height, source);
        (SKColorType color, SKAlphaType alpha) = destination(info);
        var target = new SKImageInfo(info.Width, info.Height, color, alpha);
        var pixels = new byte[(long)target.BytesSize64];
        SKCodecResult decoded;
        fixed (byte* p = pixels)
        {
            decoded = codec.GetPixels(target, (IntPtr)p);
        }

        if (decoded != SKCodecResult.Success)
        {
            throw RasterFile.Fail(source, $"{codec.EncodedFormat} data cannot be decoded: {Describe(decoded)}");
        }

        return (info, pixels, codec.EncodedFormat);
    }

    private static string Describe(SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput => "truncated (the image data ends early)",
        SKCodecResult.ErrorInInput => "corrupt image data",
        SKCodecResult.InvalidInput => "unrecognised or invalid data",
        SKCodecResult.Unimplemented => "a variant of the format that is not supported",
        _ => result.ToString(),
    };
}
