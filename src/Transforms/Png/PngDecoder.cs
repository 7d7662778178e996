using System.Buffers.Binary;
using System.IO.Compression;

namespace MLSegmentation.Transforms;

/// <summary>
/// Decodes PNG files in managed code: every colour type and bit depth, Adam7 interlacing, all five
/// filters, chunk CRCs checked. Anything malformed raises <see cref="InvalidDataException"/> whose
/// message names the source and the problem.
/// </summary>
public static class PngDecoder
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>Deflate never expands data more than about 1032:1; a header claiming more pixels than that is corrupt.</summary>
    private const long MaxInflateRatio = 1032;

    /// <summary>Decodes a PNG held in memory.</summary>
    /// <param name="data">The file's bytes.</param>
    /// <param name="source">A name for messages, usually the file path.</param>
    /// <exception cref="InvalidDataException">The data is not a valid PNG.</exception>
    public static PngImage Decode(ReadOnlySpan<byte> data, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (data.Length < Signature.Length || !data[..Signature.Length].SequenceEqual(Signature))
        {
            throw Fail(source, "not a PNG file (bad signature)");
        }

        Header? header = null;
        byte[]? palette = null;
        byte[]? paletteAlpha = null;
        using var compressed = new MemoryStream();
        int pos = Signature.Length;
        bool ended = false;
        while (!ended)
        {
            if (data.Length - pos < 12)
            {
                throw Fail(source, "truncated (a chunk or the IEND chunk is missing)");
            }

            uint length = BinaryPrimitives.ReadUInt32BigEndian(data[pos..]);
            ReadOnlySpan<byte> type = data.Slice(pos + 4, 4);
            string typeName = ChunkName(type);
            if (length > int.MaxValue || length > data.Length - pos - 12)
            {
                throw Fail(source, $"truncated: chunk '{typeName}' claims {length} bytes");
            }

            ReadOnlySpan<byte> body = data.Slice(pos + 8, (int)length);
            uint storedCrc = BinaryPrimitives.ReadUInt32BigEndian(data[(pos + 8 + (int)length)..]);
            if (Crc32.Compute(type, body) != storedCrc)
            {
                throw Fail(source, $"CRC mismatch in chunk '{typeName}' (the file is corrupt)");
            }

            pos += 12 + (int)length;
            if (header is null && typeName != "IHDR")
            {
                throw Fail(source, $"the first chunk is '{typeName}', not IHDR");
            }

            switch (typeName)
            {
                case "IHDR":
                    if (header is not null)
                    {
                        throw Fail(source, "more than one IHDR chunk");
                    }

                    header = ParseHeader(body, source);
                    break;
                case "PLTE":
                    if (body.Length % 3 != 0 || body.Length == 0 || body.Length > 768)
                    {
                        throw Fail(source, $"a PLTE chunk of {body.Length} bytes (needs 1 to 256 RGB entries)");
                    }

                    palette = body.ToArray();
                    break;
                case "tRNS":
                    if (header!.ColorType == PngColorType.Palette)
                    {
                        paletteAlpha = body.ToArray();
                    }

                    break;
                case "IDAT":
                    compressed.Write(body);
                    break;
                case "IEND":
                    ended = true;
                    break;
                default:
                    if ((type[0] & 0x20) == 0)
                    {
                        throw Fail(source, $"unknown critical chunk '{typeName}'");
                    }

                    break;
            }
        }

        Header h = header!;
        if (compressed.Length == 0)
        {
            throw Fail(source, "no image data (IDAT chunk)");
        }

        if (h.ColorType == PngColorType.Palette)
        {
            if (palette is null)
            {
                throw Fail(source, "a palette image without a PLTE chunk");
            }

            if (paletteAlpha is not null && paletteAlpha.Length > palette.Length / 3)
            {
                throw Fail(source, "more tRNS alpha values than palette entries");
            }
        }

        Adam7.Pass[] passes = h.Interlaced ? Adam7.Passes : Adam7.Whole;
        int channels = PngImage.ChannelsOf(h.ColorType);
        int bitsPerPixel = channels * h.BitDepth;
        long rawLength = 0;
        foreach (Adam7.Pass p in passes)
        {
            int w = p.Width(h.Width);
            int rows = p.Height(h.Height);
            if (w > 0 && rows > 0)
            {
                rawLength += rows * (1 + ((long)w * bitsPerPixel + 7) / 8);
            }
        }

        long pixelCount = (long)h.Width * h.Height * channels;
        if (rawLength > compressed.Length * MaxInflateRatio + 1024 || pixelCount > Array.MaxLength || rawLength > Array.MaxLength)
        {
            throw Fail(source, $"a {h.Width}×{h.Height} header does not fit {compressed.Length} bytes of compressed data (corrupt header or truncated file)");
        }

        byte[] raw = Inflate(compressed, (int)rawLength, source);
        var samples = new ushort[pixelCount];
        int offset = 0;
        int bytesPerPixel = Math.Max(1, bitsPerPixel / 8);
        foreach (Adam7.Pass p in passes)
        {
            int w = p.Width(h.Width);
            int rows = p.Height(h.Height);
            if (w == 0 || rows == 0)
            {
                continue;
            }

            int rowBytes = (int)(((long)w * bitsPerPixel + 7) / 8);
            var prior = new byte[rowBytes];
            for (int r = 0; r < rows; r++)
            {
                int filter = raw[offset];
                Span<byte> row = raw.AsSpan(offset + 1, rowBytes);
                if (!PngFilters.Unfilter(filter, row, prior, bytesPerPixel))
                {
                    throw Fail(source, $"unknown filter type {filter} in row {r}");
                }

                Unpack(row, w, channels, h.BitDepth, samples, (p.YStart + r * p.YStep) * h.Width, p.XStart, p.XStep);
                row.CopyTo(prior);
                offset += 1 + rowBytes;
            }
        }

        if (h.ColorType == PngColorType.Palette)
        {
            int entries = palette!.Length / 3;
            foreach (ushort s in samples)
            {
                if (s >= entries)
                {
                    throw Fail(source, $"palette index {s} but the palette has {entries} entries");
                }
            }
        }

        return new PngImage(h.Width, h.Height, h.ColorType, h.BitDepth, samples, palette, paletteAlpha);
    }

    private sealed record Header(int Width, int Height, int BitDepth, PngColorType ColorType, bool Interlaced);

    private static Header ParseHeader(ReadOnlySpan<byte> body, string source)
    {
        if (body.Length != 13)
        {
            throw Fail(source, $"an IHDR chunk of {body.Length} bytes (13 expected)");
        }

        uint width = BinaryPrimitives.ReadUInt32BigEndian(body);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        int depth = body[8];
        var type = (PngColorType)body[9];
        if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue)
        {
            throw Fail(source, $"invalid size {width}×{height}");
        }

        if (!Enum.IsDefined(type) || !PngImage.IsValidDepth(type, depth))
        {
            throw Fail(source, $"invalid colour type {body[9]} with bit depth {depth}");
        }

        if (body[10] != 0 || body[11] != 0 || body[12] > 1)
        {
            throw Fail(source, $"unknown compression ({body[10]}), filter ({body[11]}) or interlace ({body[12]}) method");
        }

        return new Header((int)width, (int)height, depth, type, body[12] == 1);
    }

    private static byte[] Inflate(MemoryStream compressed, int length, string source)
    {
        compressed.Position = 0;
        var raw = new byte[length];
        int read;
        try
        {
            using var zlib = new ZLibStream(compressed, CompressionMode.Decompress, leaveOpen: true);
            read = zlib.ReadAtLeast(raw, length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw Fail(source, $"corrupt compressed image data ({e.Message})");
        }

        if (read < length)
        {
            throw Fail(source, $"truncated image data ({read} of {length} bytes)");
        }

        return raw;
    }

    private static void Unpack(ReadOnlySpan<byte> row, int width, int channels, int depth, ushort[] samples, int rowStart, int xStart, int xStep)
    {
        int perRow = width * channels;
        if (depth == 8 && xStep == 1)
        {
            Span<ushort> target = samples.AsSpan(rowStart * channels, perRow);
            for (int i = 0; i < perRow; i++)
            {
                target[i] = row[i];
            }

            return;
        }

        for (int i = 0; i < perRow; i++)
        {
            ushort value = depth switch
            {
                16 => BinaryPrimitives.ReadUInt16BigEndian(row[(2 * i)..]),
                8 => row[i],
                _ => (ushort)((row[i * depth / 8] >> (8 - depth - (i * depth % 8))) & ((1 << depth) - 1)),
            };
            int x = xStart + (i / channels) * xStep;
            samples[(rowStart + x) * channels + i % channels] = value;
        }
    }

    private static string ChunkName(ReadOnlySpan<byte> type)
    {
        Span<char> chars = stackalloc char[4];
        for (int i = 0; i < 4; i++)
        {
            chars[i] = type[i] is >= 32 and < 127 ? (char)type[i] : '?';
        }

        return new string(chars);
    }

    private static InvalidDataException Fail(string source, string problem) => new($"PNG '{source}': {problem}.");
}
