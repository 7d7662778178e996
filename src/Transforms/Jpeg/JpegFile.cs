namespace MLSegmentation.Transforms;

/// <summary>Reads JPEG files (see <see cref="JpegDecoder"/>).</summary>
public static class JpegFile
{
    /// <summary>Reads a JPEG as an image [1 or 3 channels, height, width] of values 0–255.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid JPEG; the message names it.</exception>
    public static Image ReadImage(string path) => JpegDecoder.Decode(File.ReadAllBytes(path), path);
}
