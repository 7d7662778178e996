using System.Buffers.Binary;

namespace MLSegmentation.Transforms.Tests;

/// <summary>
/// Seeded mutations of encoded images (PNG, JPEG, BMP, WebP) for fuzzing the decoders: bit flips (for PNG also
/// with the chunk CRCs repaired, so the damage reaches the header checks and zlib), truncation, edited header
/// dimensions, an empty file, a wrong magic number, and overwritten byte runs. Shared by the CI slice
/// (<c>CodecFuzzTests</c>) and the full run (<c>bench/fuzz-codecs.sh</c>).
/// </summary>
public static class CodecMutations
{
    /// <summary>The seed files of each format, relative to the test data folder.</summary>
    public static readonly (string Format, string[] Seeds)[] Formats =
    [
        ("PNG", ["png/grey1.png", "png/grey8.png", "png/grey16.png", "png/greyalpha8.png", "png/palette2.png", "png/palette8.png", "png/rgb8.png", "png/rgba8.png"]),
        ("JPEG", ["jpeg/baseline420.jpg", "jpeg/progressive.jpg", "jpeg/grey.jpg"]),
        ("BMP", ["bmp/rgb24.bmp"]),
        ("WebP", ["webp/lossless.webp", "webp/lossless_alpha.webp", "webp/lossy.webp"]),
    ];

    /// <summary>How many kinds of mutation <see cref="Mutate"/> makes; mutation i is of kind i modulo this.</summary>
    public const int Kinds = 6;

    /// <summary>The <paramref name="index"/>-th mutation of <paramref name="seed"/>, drawn from <paramref name="random"/>.</summary>
    public static byte[] Mutate(byte[] seed, int index, Random random)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(random);
        byte[] bytes = (byte[])seed.Clone();
        switch (index % Kinds)
        {
            case 0:
            case 1:
                for (int flips = random.Next(1, 9); flips > 0; flips--)
                {
                    int bit = random.Next(bytes.Length * 8);
                    bytes[bit / 8] ^= (byte)(1 << (bit % 8));
                }

                if (index % Kinds == 1)
                {
                    RepairPngCrcs(bytes);
                }

                return bytes;
            case 2:
                return bytes[..random.Next(bytes.Length)];
            case 3:
                int side = random.Next(3) == 0 ? random.Next(1, 70000) : random.Next(16385, int.MaxValue);
                return WithDimensions(bytes, side, random.Next(3) == 0 ? random.Next(1, 70000) : side);
            case 4:
                return random.Next(4) == 0 ? [] : WrongMagic(bytes, random);
            default:
                int start = random.Next(bytes.Length);
                random.NextBytes(bytes.AsSpan(start, Math.Min(bytes.Length - start, random.Next(1, 33))));
                return bytes;
        }
    }

    /// <summary>
    /// <paramref name="file"/> with the width and height its header declares replaced (clamped to what the format's
    /// fields hold); PNG's header CRC is repaired so that the size itself is what a decoder meets.
    /// </summary>
    public static byte[] WithDimensions(byte[] file, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(file);
        byte[] bytes = (byte[])file.Clone();
        Span<byte> b = bytes;
        if (PngDecoder.HasSignature(b) && b.Length >= 33)
        {
            BinaryPrimitives.WriteInt32BigEndian(b[16..], width);
            BinaryPrimitives.WriteInt32BigEndian(b[20..], height);
            BinaryPrimitives.WriteUInt32BigEndian(b[29..], Crc32.Compute(b.Slice(12, 4), b.Slice(16, 13)));
        }
        else if (b.Length > 2 && b[0] == 0xFF && b[1] == 0xD8)
        {
            for (int i = 2; i + 9 < b.Length; i++)
            {
                if (b[i] == 0xFF && b[i + 1] is 0xC0 or 0xC1 or 0xC2)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(b[(i + 5)..], (ushort)Math.Min(height, ushort.MaxValue));
                    BinaryPrimitives.WriteUInt16BigEndian(b[(i + 7)..], (ushort)Math.Min(width, ushort.MaxValue));
                    break;
                }
            }
        }
        else if (b.Length >= 26 && b[0] == 'B' && b[1] == 'M')
        {
            BinaryPrimitives.WriteInt32LittleEndian(b[18..], width);
            BinaryPrimitives.WriteInt32LittleEndian(b[22..], height);
        }
        else if (b.Length >= 30 && b[..4].SequenceEqual("RIFF"u8) && b.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            WebPDimensions(b, Math.Min(width, 16384), Math.Min(height, 16384));
        }

        return bytes;
    }

    private static void WebPDimensions(Span<byte> b, int width, int height)
    {
        if (b.Slice(12, 4).SequenceEqual("VP8L"u8))
        {
            uint bits = BinaryPrimitives.ReadUInt32LittleEndian(b[21..]);
            bits = (bits & 0xF0000000u) | (uint)(width - 1) | ((uint)(height - 1) << 14);
            BinaryPrimitives.WriteUInt32LittleEndian(b[21..], bits);
        }
        else if (b.Slice(12, 4).SequenceEqual("VP8 "u8))
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b[26..], (ushort)(width & 0x3FFF));
            BinaryPrimitives.WriteUInt16LittleEndian(b[28..], (ushort)(height & 0x3FFF));
        }
        else if (b.Slice(12, 4).SequenceEqual("VP8X"u8))
        {
            b[24] = (byte)(width - 1);
            b[25] = (byte)((width - 1) >> 8);
            b[26] = (byte)((width - 1) >> 16);
            b[27] = (byte)(height - 1);
            b[28] = (byte)((height - 1) >> 8);
            b[29] = (byte)((height - 1) >> 16);
        }
    }

    private static byte[] WrongMagic(byte[] bytes, Random random)
    {
        int count = Math.Min(bytes.Length, random.Next(1, 5));
        for (int i = 0; i < count; i++)
        {
            bytes[i] ^= (byte)random.Next(1, 256);
        }

        return bytes;
    }

    /// <summary>Recomputes every PNG chunk's CRC (nothing for other formats).</summary>
    public static void RepairPngCrcs(byte[] file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!PngDecoder.HasSignature(file))
        {
            return;
        }

        for (int pos = 8; pos + 12 <= file.Length;)
        {
            long length = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(pos));
            if (length > file.Length - pos - 12)
            {
                return;
            }

            uint crc = Crc32.Compute(file.AsSpan(pos + 4, 4), file.AsSpan(pos + 8, (int)length));
            BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(pos + 8 + (int)length), crc);
            pos += 12 + (int)length;
        }
    }
}
