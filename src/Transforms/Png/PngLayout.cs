using System.Buffers.Binary;

namespace MLSegmentation.Transforms;

/// <summary>
/// What a PNG file declares, read from its chunks without decoding pixels: the header, the palette and its alpha
/// (tRNS), and the compressed image data (the IDAT chunks joined). Ancillary chunks are skipped. Used to re-label a
/// file's header so that SkiaSharp decodes its bytes exactly (see <see cref="PngDecoder"/>), and to write
/// what SkiaSharp's encoder cannot label itself (see <see cref="PngEncoder"/>).
/// </summary>
internal sealed record PngLayout(int Width, int Height, PngColorType ColorType, int BitDepth, bool Interlaced, byte[] ImageData, byte[]? Palette = null, byte[]? PaletteAlpha = null)
{
    /// <summary>The eight bytes every PNG file starts with.</summary>
    public static ReadOnlySpan<byte> Signature => [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>Deflate expands data at most about 1032:1: a header declaring more pixel bytes than that is corrupt.</summary>
    private const long MaxInflateRatio = 1032;

    /// <summary>Bytes of one unfiltered row (without the filter byte).</summary>
    public long RowBytes => ((long)Width * PngImage.ChannelsOf(ColorType) * BitDepth + 7) / 8;

    /// <summary>Reads and checks the chunks of a PNG file.</summary>
    /// <exception cref="InvalidDataException">The data is not a well-formed PNG (signature, chunk lengths, CRCs, header values, required chunks), or declares more pixels than <see cref="RasterFile.MaxPixels"/> or than its data can hold; the message names <paramref name="source"/>.</exception>
    public static PngLayout Parse(ReadOnlySpan<byte> data, string source)
    {
        if (!data.StartsWith(Signature))
        {
            throw Fail(source, data.IsEmpty ? "the file is empty" : "not a PNG file (bad signature)");
        }

        PngLayout? header = null;
        byte[]? palette = null, paletteAlpha = null;
        using var imageData = new MemoryStream();
        for (int pos = Signature.Length; ;)
        {
            if (data.Length - pos < 12)
            {
                throw Fail(source, "truncated (the IEND chunk is missing)");
            }

            uint length = BinaryPrimitives.ReadUInt32BigEndian(data[pos..]);
            ReadOnlySpan<byte> type = data.Slice(pos + 4, 4);
            string name = System.Text.Encoding.Latin1.GetString(type);
            if (length > data.Length - pos - 12)
            {
                throw Fail(source, $"truncated (chunk '{name}' declares {length} bytes)");
            }

            ReadOnlySpan<byte> body = data.Slice(pos + 8, (int)length);
            if (Crc32.Compute(type, body) != BinaryPrimitives.ReadUInt32BigEndian(data[(pos + 8 + (int)length)..]))
            {
                throw Fail(source, $"CRC mismatch in chunk '{name}' (the file is corrupt)");
            }

            pos += 12 + (int)length;
            if (header is null && name != "IHDR")
            {
                throw Fail(source, "the first chunk is not IHDR");
            }

            switch (name)
            {
                case "IHDR" when header is null:
                    header = Header(body, source);
                    break;
                case "PLTE" when palette is null && body.Length % 3 == 0 && body.Length is > 0 and <= 768:
                    palette = body.ToArray();
                    break;
                case "PLTE":
                    throw Fail(source, "a second or malformed PLTE chunk");
                case "tRNS":
                    paletteAlpha = body.ToArray();
                    break;
                case "IDAT":
                    imageData.Write(body);
                    break;
                case "IEND":
                    return Complete(header!, imageData.ToArray(), palette, paletteAlpha, source);
                default:
                    if (char.IsAsciiLetterUpper(name[0]))
                    {
                        throw Fail(source, $"unknown critical chunk '{name}'");
                    }

                    break;
            }
        }
    }

    /// <summary>This layout as a PNG file: signature, IHDR, PLTE and tRNS (palette images), one IDAT, IEND.</summary>
    public byte[] ToPng()
    {
        using var output = new MemoryStream();
        output.Write(Signature);
        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, Width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], Height);
        ihdr[8] = (byte)BitDepth;
        ihdr[9] = (byte)ColorType;
        ihdr[12] = Interlaced ? (byte)1 : (byte)0;
        WriteChunk(output, "IHDR"u8, ihdr);
        if (ColorType == PngColorType.Palette)
        {
            WriteChunk(output, "PLTE"u8, Palette);
            if (PaletteAlpha is { Length: > 0 })
            {
                WriteChunk(output, "tRNS"u8, PaletteAlpha);
            }
        }

        WriteChunk(output, "IDAT"u8, ImageData);
        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    private static PngLayout Header(ReadOnlySpan<byte> body, string source)
    {
        if (body.Length != 13)
        {
            throw Fail(source, $"IHDR holds {body.Length} bytes, not 13");
        }

        uint width = BinaryPrimitives.ReadUInt32BigEndian(body);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        var type = (PngColorType)body[9];
        int depth = body[8];
        if (!Enum.IsDefined(type) || !PngImage.IsValidDepth(type, depth))
        {
            throw Fail(source, $"colour type {body[9]} with bit depth {depth} is not a PNG format");
        }

        if (body[10] != 0 || body[11] != 0 || body[12] > 1)
        {
            throw Fail(source, $"unknown compression, filter or interlace method ({body[10]}, {body[11]}, {body[12]})");
        }

        if (width > int.MaxValue || height > int.MaxValue)
        {
            throw Fail(source, $"invalid size {width}×{height}");
        }

        RasterFile.CheckSize(width, height, source);
        return new PngLayout((int)width, (int)height, type, depth, body[12] == 1, []);
    }

    private static PngLayout Complete(PngLayout header, byte[] imageData, byte[]? palette, byte[]? paletteAlpha, string source)
    {
        if (imageData.Length == 0)
        {
            throw Fail(source, "no IDAT chunk (no image data)");
        }

        if ((header.RowBytes + 1) * header.Height > (imageData.Length + 64) * MaxInflateRatio)
        {
            throw Fail(source, $"declares {header.Width}×{header.Height} pixels, more than its {imageData.Length} bytes of compressed data can hold");
        }

        if (header.ColorType != PngColorType.Palette)
        {
            return header with { ImageData = imageData };
        }

        if (palette is null)
        {
            throw Fail(source, "a palette image without a PLTE chunk");
        }

        if (paletteAlpha is not null && paletteAlpha.Length > palette.Length / 3)
        {
            throw Fail(source, "more tRNS alpha values than palette entries");
        }

        return header with { ImageData = imageData, Palette = palette, PaletteAlpha = paletteAlpha };
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> body)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, body.Length);
        output.Write(word);
        output.Write(type);
        output.Write(body);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Compute(type, body));
        output.Write(word);
    }

    private static InvalidDataException Fail(string source, string problem) => new($"PNG '{source}': {problem}.");
}
