using Microsoft.ML.Data;

namespace MLSegmentation.Transforms;

/// <summary>
/// Converts between ML.NET's <see cref="MLImage"/> (what <c>mlContext.Transforms.LoadImages</c> produces: 8-bit
/// Bgra32 or Rgba32 pixels) and the project's <see cref="Image"/> and <see cref="LabelMap"/>, reading the pixels
/// in place (no second decode). Grey images (every pixel R = G = B) become one channel, others three (R, G, B),
/// as <see cref="RasterFile"/> decodes files; alpha is dropped.
/// </summary>
public static class MLImageConversion
{
    /// <summary>The image's stored values 0–255 as 1 (grey) or 3 (R, G, B) channels.</summary>
    /// <param name="image">The image (only read).</param>
    /// <param name="channels">1 or 3; 0 (default) gives 1 when every pixel is grey and 3 otherwise.</param>
    /// <exception cref="ArgumentException">The pixel format is neither Bgra32 nor Rgba32, <paramref name="channels"/> is not 0, 1 or 3, or one channel is asked of a colour image.</exception>
    public static Image ToImage(this MLImage image, int channels = 0)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (channels is not (0 or 1 or 3))
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "an MLImage converts to 1 (grey) or 3 (R, G, B) channels, or 0 to decide from its pixels");
        (int r, int b) = Offsets(image);
        ReadOnlySpan<byte> pixels = image.Pixels;
        int plane = image.Width * image.Height;
        bool grey = IsGrey(pixels, plane);
        if (channels == 1 && !grey)
            throw new ArgumentException($"a colour {image.Width}×{image.Height} image where one grey channel is expected (a model or dataset of 1 channel)", nameof(image));
        bool single = channels == 1 || (channels == 0 && grey);
        var result = new Image(single ? 1 : 3, [image.Height, image.Width]);
        float[] data = result.Data;
        for (int i = 0; i < plane; i++)
        {
            data[i] = pixels[4 * i + r];
            if (!single)
            {
                data[plane + i] = pixels[4 * i + 1];
                data[2 * plane + i] = pixels[4 * i + b];
            }
        }
        return result;
    }

    /// <summary>Whether every pixel of <paramref name="image"/> is grey (R = G = B), so that it converts to one channel.</summary>
    public static bool IsGrey(this MLImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return IsGrey(image.Pixels, image.Width * image.Height);
    }

    /// <summary>A grey mask's values as class indices (0/255 masks decoded as <paramref name="encoding"/> says, as mask files are).</summary>
    /// <param name="image">The mask.</param>
    /// <param name="source">A name for messages (the column, or the file it came from).</param>
    /// <param name="encoding">How stored values map to classes.</param>
    /// <param name="declaredClasses">The declared class count, 0 when unknown.</param>
    /// <exception cref="DatasetException">A pixel is not grey (its colour is not a class index), or a binary mask holds other values; the message names <paramref name="source"/>.</exception>
    public static LabelMap ToLabelMap(this MLImage image, string source, MaskEncoding encoding = MaskEncoding.Auto, int declaredClasses = 0)
    {
        ArgumentNullException.ThrowIfNull(image);
        (int r, _) = Offsets(image);
        ReadOnlySpan<byte> pixels = image.Pixels;
        var labels = new int[image.Width * image.Height];
        for (int i = 0; i < labels.Length; i++)
        {
            byte v = pixels[4 * i + r];
            if (pixels[4 * i] != pixels[4 * i + 1] || pixels[4 * i + 1] != pixels[4 * i + 2])
                throw new DatasetException(source, $"a colour mask: pixel {i % image.Width}, {i / image.Width} is not grey, so its value is not a class index; use greyscale masks, or give the label column as file paths (palette PNGs are then read as their palette indices)", null);
            labels[i] = v;
        }
        return SampleFiles.Decode255(source, new LabelMap([image.Height, image.Width], labels), encoding, declaredClasses);
    }

    /// <summary>A 2D image of 1 or 3 channels as a Bgra32 <see cref="MLImage"/> (values rounded and clamped to 0–255, alpha 255). The caller owns the result.</summary>
    /// <exception cref="ArgumentException">The image is 3D or has neither 1 nor 3 channels.</exception>
    public static MLImage ToMLImage(this Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Dimensions != 2 || image.Channels is not (1 or 3))
            throw new ArgumentException($"an MLImage holds a 2D image of 1 or 3 channels, not {image.Channels} channel(s) of {string.Join("×", image.Size)}", nameof(image));
        int plane = image.Height * image.Width;
        var bgra = new byte[4 * plane];
        static byte Byte(float v) => (byte)Math.Clamp(MathF.Round(v), 0, 255);
        for (int i = 0; i < plane; i++)
        {
            float red = image.Data[i];
            float green = image.Channels == 3 ? image.Data[plane + i] : red;
            float blue = image.Channels == 3 ? image.Data[2 * plane + i] : red;
            bgra[4 * i] = Byte(blue);
            bgra[4 * i + 1] = Byte(green);
            bgra[4 * i + 2] = Byte(red);
            bgra[4 * i + 3] = 255;
        }
        return MLImage.CreateFromPixels(image.Width, image.Height, MLPixelFormat.Bgra32, bgra);
    }

    private static (int Red, int Blue) Offsets(MLImage image) => image.PixelFormat switch
    {
        MLPixelFormat.Bgra32 => (2, 0),
        MLPixelFormat.Rgba32 => (0, 2),
        _ => throw new ArgumentException($"MLImage pixel format {image.PixelFormat} is not supported (Bgra32 or Rgba32)", nameof(image)),
    };

    private static bool IsGrey(ReadOnlySpan<byte> pixels, int plane)
    {
        for (int i = 0; i < plane; i++)
        {
            if (pixels[4 * i] != pixels[4 * i + 1] || pixels[4 * i + 1] != pixels[4 * i + 2]) return false;
        }
        return true;
    }
}
