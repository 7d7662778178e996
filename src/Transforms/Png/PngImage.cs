namespace MLSegmentation.Transforms;

/// <summary>
/// A PNG image as the file stores it: samples at the file's bit depth (palette indices for
/// <see cref="PngColorType.Palette"/>), row-major with channels interleaved, and the palette.
/// Convert with <see cref="ToImage"/> (colours) or <see cref="ToLabelMap"/> (class indices).
/// </summary>
public sealed class PngImage
{
    private readonly ushort[] _samples;
    private readonly byte[]? _palette;
    private readonly byte[]? _paletteAlpha;

    /// <summary>Creates an image after checking that the parts agree.</summary>
    /// <param name="width">Columns.</param>
    /// <param name="height">Rows.</param>
    /// <param name="colorType">The colour type.</param>
    /// <param name="bitDepth">Bits per sample: 1, 2, 4, 8 or 16, as PNG allows for <paramref name="colorType"/>.</param>
    /// <param name="samples">height × width × <see cref="ChannelsOf"/>(colorType) samples, each below 2^bitDepth. Not copied.</param>
    /// <param name="palette">RGB triples, 1–256 entries; required for palette images, optional (ignored) otherwise.</param>
    /// <param name="paletteAlpha">Alpha of the first palette entries (the tRNS chunk); the rest are opaque.</param>
    public PngImage(int width, int height, PngColorType colorType, int bitDepth, ushort[] samples, byte[]? palette = null, byte[]? paletteAlpha = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentNullException.ThrowIfNull(samples);
        if (!IsValidDepth(colorType, bitDepth))
        {
            throw new ArgumentException($"PNG does not allow bit depth {bitDepth} with colour type {colorType}.", nameof(bitDepth));
        }

        long count = (long)width * height * ChannelsOf(colorType);
        if (samples.Length != count)
        {
            throw new ArgumentException($"{samples.Length} samples given, {count} needed.", nameof(samples));
        }

        int max = (1 << bitDepth) - 1;
        if (colorType == PngColorType.Palette)
        {
            if (palette is null || palette.Length % 3 != 0 || palette.Length == 0 || palette.Length > 768)
            {
                throw new ArgumentException("A palette image needs 1 to 256 RGB palette entries.", nameof(palette));
            }

            max = Math.Min(max, palette.Length / 3 - 1);
            if (paletteAlpha is not null && paletteAlpha.Length > palette.Length / 3)
            {
                throw new ArgumentException("More palette alpha values than palette entries.", nameof(paletteAlpha));
            }
        }

        foreach (ushort s in samples)
        {
            if (s > max)
            {
                throw new ArgumentException($"Sample {s} exceeds {max}, the largest value of this bit depth or palette.", nameof(samples));
            }
        }

        Width = width;
        Height = height;
        ColorType = colorType;
        BitDepth = bitDepth;
        _samples = samples;
        _palette = colorType == PngColorType.Palette ? palette : null;
        _paletteAlpha = colorType == PngColorType.Palette ? paletteAlpha : null;
    }

    /// <summary>Columns.</summary>
    public int Width { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>The colour type.</summary>
    public PngColorType ColorType { get; }

    /// <summary>Bits per sample (per palette index for palette images).</summary>
    public int BitDepth { get; }

    /// <summary>Samples per pixel as stored: 1 (grey, palette), 2 (grey+alpha), 3 (RGB) or 4 (RGBA).</summary>
    public int Channels => ChannelsOf(ColorType);

    /// <summary>The samples, row-major with channels interleaved. Not a copy.</summary>
    public ReadOnlySpan<ushort> Samples => _samples;

    /// <summary>The palette as RGB triples, or empty when there is none.</summary>
    public ReadOnlySpan<byte> Palette => _palette;

    /// <summary>The alpha of the first palette entries (tRNS), or empty.</summary>
    public ReadOnlySpan<byte> PaletteAlpha => _paletteAlpha;

    /// <summary>Samples per pixel of a colour type.</summary>
    public static int ChannelsOf(PngColorType colorType) => colorType switch
    {
        PngColorType.Grey or PngColorType.Palette => 1,
        PngColorType.GreyAlpha => 2,
        PngColorType.Rgb => 3,
        PngColorType.Rgba => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(colorType), colorType, "Not a PNG colour type."),
    };

    /// <summary>Whether PNG allows <paramref name="bitDepth"/> with <paramref name="colorType"/>.</summary>
    public static bool IsValidDepth(PngColorType colorType, int bitDepth) => colorType switch
    {
        PngColorType.Grey => bitDepth is 1 or 2 or 4 or 8 or 16,
        PngColorType.Palette => bitDepth is 1 or 2 or 4 or 8,
        PngColorType.Rgb or PngColorType.GreyAlpha or PngColorType.Rgba => bitDepth is 8 or 16,
        _ => false,
    };

    /// <summary>
    /// The pixels as an <see cref="Image"/> [channels, height, width] with the stored values
    /// (0 to 2^bitDepth − 1). Palette images become RGB, or RGBA when the palette has alpha, with
    /// 8-bit palette colours.
    /// </summary>
    public Image ToImage()
    {
        int plane = Width * Height;
        if (ColorType == PngColorType.Palette)
        {
            bool alpha = _paletteAlpha is { Length: > 0 };
            int channels = alpha ? 4 : 3;
            var data = new float[channels * plane];
            for (int i = 0; i < plane; i++)
            {
                int index = _samples[i];
                for (int c = 0; c < 3; c++)
                {
                    data[c * plane + i] = _palette![3 * index + c];
                }

                if (alpha)
                {
                    data[3 * plane + i] = index < _paletteAlpha!.Length ? _paletteAlpha[index] : 255;
                }
            }

            return new Image(channels, [Height, Width], data);
        }

        int n = Channels;
        var values = new float[n * plane];
        for (int i = 0; i < plane; i++)
        {
            for (int c = 0; c < n; c++)
            {
                values[c * plane + i] = _samples[i * n + c];
            }
        }

        return new Image(n, [Height, Width], values);
    }

    /// <summary>
    /// The pixels as class indices: the grey value of a greyscale image, the palette index of a
    /// palette image (as segmentation masks in the PASCAL VOC style store them).
    /// </summary>
    /// <exception cref="InvalidDataException">The image has colour or alpha channels, which are not class indices.</exception>
    public LabelMap ToLabelMap()
    {
        if (ColorType is not (PngColorType.Grey or PngColorType.Palette))
        {
            throw new InvalidDataException($"A {ColorType} PNG holds colours, not class indices; a label map needs a greyscale or palette PNG.");
        }

        var labels = new int[Width * Height];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = _samples[i];
        }

        return new LabelMap([Height, Width], labels);
    }

    /// <summary>
    /// A PNG of a 2D image with 1 (grey), 2 (grey+alpha), 3 (RGB) or 4 (RGBA) channels at 8 or 16 bits.
    /// Values are rounded to the nearest integer and clamped to [0, 2^bitDepth − 1].
    /// </summary>
    public static PngImage FromImage(Image image, int bitDepth = 8)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Dimensions != 2)
        {
            throw new ArgumentException("PNG holds 2D images only.", nameof(image));
        }

        if (bitDepth is not (8 or 16))
        {
            throw new ArgumentOutOfRangeException(nameof(bitDepth), bitDepth, "PNG images are written at 8 or 16 bits.");
        }

        PngColorType type = image.Channels switch
        {
            1 => PngColorType.Grey,
            2 => PngColorType.GreyAlpha,
            3 => PngColorType.Rgb,
            4 => PngColorType.Rgba,
            _ => throw new ArgumentException($"PNG holds 1 to 4 channels, not {image.Channels}.", nameof(image)),
        };
        int plane = image.VoxelCount;
        int n = image.Channels;
        float max = (1 << bitDepth) - 1;
        var samples = new ushort[plane * n];
        for (int i = 0; i < plane; i++)
        {
            for (int c = 0; c < n; c++)
            {
                float v = image.Data[c * plane + i];
                samples[i * n + c] = (ushort)Math.Clamp(MathF.Round(float.IsNaN(v) ? 0 : v), 0, max);
            }
        }

        return new PngImage(image.Width, image.Height, type, bitDepth, samples);
    }

    /// <summary>
    /// A greyscale PNG of a 2D label map: 8 bits when every label is at most 255, else 16 bits.
    /// </summary>
    /// <exception cref="ArgumentException">A label is negative or above 65535.</exception>
    public static PngImage FromLabelMap(LabelMap labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Dimensions != 2)
        {
            throw new ArgumentException("PNG holds 2D label maps only.", nameof(labels));
        }

        int max = 0;
        var samples = new ushort[labels.Data.Length];
        for (int i = 0; i < samples.Length; i++)
        {
            int v = labels.Data[i];
            if (v is < 0 or > ushort.MaxValue)
            {
                throw new ArgumentException($"Label {v} does not fit a 16-bit PNG.", nameof(labels));
            }

            samples[i] = (ushort)v;
            max = Math.Max(max, v);
        }

        return new PngImage(labels.Width, labels.Height, PngColorType.Grey, max <= 255 ? 8 : 16, samples);
    }
}
