namespace MLSegmentation.Transforms;

/// <summary>Reads and writes PNG files through SkiaSharp (see <see cref="PngDecoder"/> and <see cref="PngEncoder"/>).</summary>
public static class PngFile
{
    /// <summary>Reads a PNG as stored (samples, palette).</summary>
    /// <exception cref="InvalidDataException">The file is not a valid PNG; the message names it.</exception>
    public static PngImage Read(string path) => PngDecoder.Decode(File.ReadAllBytes(path), path);

    /// <summary>Reads a PNG as an image [channels, height, width] of stored values (see <see cref="PngImage.ToImage"/>).</summary>
    /// <exception cref="InvalidDataException">The file is not a valid PNG; the message names it.</exception>
    public static Image ReadImage(string path) => Read(path).ToImage();

    /// <summary>Reads a greyscale or palette PNG as class indices (see <see cref="PngImage.ToLabelMap"/>).</summary>
    /// <exception cref="InvalidDataException">The file is not a valid PNG or holds colours; the message names it.</exception>
    public static LabelMap ReadLabels(string path)
    {
        PngImage png = Read(path);
        try
        {
            return png.ToLabelMap();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"PNG '{path}': {e.Message}", e);
        }
    }

    /// <summary>Writes <paramref name="image"/> to <paramref name="path"/> through a temporary file and a rename.</summary>
    /// <exception cref="ArgumentException">A format <see cref="PngEncoder"/> does not write.</exception>
    public static void Write(string path, PngImage image) => AtomicFile.WriteAllBytes(path, PngEncoder.Encode(image));

    /// <summary>Writes a 2D image: 1–4 channels at 8 bits, or 1–2 (grey, grey+alpha) at 16 bits (see <see cref="PngImage.FromImage"/>).</summary>
    public static void WriteImage(string path, Image image, int bitDepth = 8) => Write(path, PngImage.FromImage(image, bitDepth));

    /// <summary>Writes a 2D label map as a greyscale PNG (see <see cref="PngImage.FromLabelMap"/>).</summary>
    public static void WriteLabels(string path, LabelMap labels) => Write(path, PngImage.FromLabelMap(labels));
}
