using System.Runtime.InteropServices;
using SkiaSharp;

namespace MLSegmentation.Transforms;

/// <summary>
/// Decodes encoded images (PNG, JPEG, BMP, WebP, whatever <see cref="SKCodec"/> recognises) into tightly packed
/// pixels of a chosen colour type, with no colour-space conversion. Every failure is an
/// <see cref="InvalidDataException"/> naming the source; a declared size above <see cref="RasterFile.MaxPixels"/>
/// is refused before any pixel memory is allocated. Pixels are decoded into native memory, freed as soon as the
/// caller has read them (or decoding failed), so failed decodes leave nothing for the garbage collector.
/// </summary>
internal static class SkiaDecoder
{
    /// <summary>Reads decoded pixels (rows of width × bytes per pixel, no padding) into the caller's own form.</summary>
    public delegate T PixelReader<out T>(SKImageInfo info, ReadOnlySpan<byte> pixels);

    /// <summary>Decodes <paramref name="data"/>.</summary>
    /// <param name="data">The encoded bytes.</param>
    /// <param name="source">A name for messages, usually the file path.</param>
    /// <param name="destination">Picks the colour and alpha type to decode into from the codec's own description of the image.</param>
    /// <param name="read">Turns the codec's description of the image and the decoded pixels into the result; the pixels are freed after it returns.</param>
    /// <exception cref="InvalidDataException">SkiaSharp recognises no image in the data, the size is refused, or decoding fails or stops early.</exception>
    public static unsafe T Decode<T>(
        ReadOnlySpan<byte> data, string source, Func<SKImageInfo, (SKColorType Color, SKAlphaType Alpha)> destination, PixelReader<T> read)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(read);
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
        long size = target.BytesSize64;
        byte* pixels = (byte*)NativeMemory.Alloc((nuint)size);
        try
        {
            SKCodecResult decoded = codec.GetPixels(target, (IntPtr)pixels);
            if (decoded != SKCodecResult.Success)
            {
                throw RasterFile.Fail(source, $"{codec.EncodedFormat} data cannot be decoded: {Describe(decoded)}");
            }

            return read(info, new ReadOnlySpan<byte>(pixels, checked((int)size)));
        }
        finally
        {
            NativeMemory.Free(pixels);
        }
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
