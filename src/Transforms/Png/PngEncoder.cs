using System.Buffers.Binary;
using System.IO.Compression;

namespace MLSegmentation.Transforms;

/// <summary>
/// Encodes <see cref="PngImage"/>s: every colour type and bit depth, optional Adam7 interlacing,
/// a filter chosen per row (the one with the smallest sum of absolute filtered values).
/// </summary>
public static class PngEncoder
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>The PNG file of <paramref name="image"/>.</summary>
    /// <param name="image">The image.</param>
    /// <param name="interlaced">Write Adam7-interlaced.</param>
    /// <param name="level">zlib compression level.</param>
    public static byte[] Encode(PngImage image, bool interlaced = false, CompressionLevel level = CompressionLevel.Optimal)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var output = new MemoryStream();
        output.Write(Signature);

        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)image.Width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr[4..], (uint)image.Height);
        ihdr[8] = (byte)image.BitDepth;
        ihdr[9] = (byte)image.ColorType;
        ihdr[12] = interlaced ? (byte)1 : (byte)0;
        WriteChunk(output, "IHDR"u8, ihdr);
        if (image.ColorType == PngColorType.Palette)
        {
            WriteChunk(output, "PLTE"u8, image.Palette);
            if (!image.PaletteAlpha.IsEmpty)
            {
                WriteChunk(output, "tRNS"u8, image.PaletteAlpha);
            }
        }

        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, level, leaveOpen: true))
            {
                WriteFilteredRows(zlib, image, interlaced ? Adam7.Passes : Adam7.Whole);
            }

            WriteChunk(output, "IDAT"u8, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        }

        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    private static void WriteFilteredRows(Stream zlib, PngImage image, Adam7.Pass[] passes)
    {
        int channels = image.Channels;
        int depth = image.BitDepth;
        int bitsPerPixel = channels * depth;
        int bytesPerPixel = Math.Max(1, bitsPerPixel / 8);
        ReadOnlySpan<ushort> samples = image.Samples;
        foreach (Adam7.Pass p in passes)
        {
            int w = p.Width(image.Width);
            int rows = p.Height(image.Height);
            if (w == 0 || rows == 0)
            {
                continue;
            }

            int rowBytes = (w * bitsPerPixel + 7) / 8;
            var row = new byte[rowBytes];
            var prior = new byte[rowBytes];
            var filtered = new byte[rowBytes];
            for (int r = 0; r < rows; r++)
            {
                Array.Clear(row);
                int rowStart = (p.YStart + r * p.YStep) * image.Width;
                for (int i = 0; i < w * channels; i++)
                {
                    int x = p.XStart + (i / channels) * p.XStep;
                    ushort v = samples[(rowStart + x) * channels + i % channels];
                    if (depth == 16)
                    {
                        BinaryPrimitives.WriteUInt16BigEndian(row.AsSpan(2 * i), v);
                    }
                    else if (depth == 8)
                    {
                        row[i] = (byte)v;
                    }
                    else
                    {
                        row[i * depth / 8] |= (byte)(v << (8 - depth - (i * depth % 8)));
                    }
                }

                int filter = PngFilters.ChooseFilter(row, prior, bytesPerPixel, filtered);
                PngFilters.Filter(filter, row, prior, bytesPerPixel, filtered);
                zlib.WriteByte((byte)filter);
                zlib.Write(filtered);
                (row, prior) = (prior, row);
            }
        }
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> body)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)body.Length);
        output.Write(word);
        output.Write(type);
        output.Write(body);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Compute(type, body));
        output.Write(word);
    }
}
