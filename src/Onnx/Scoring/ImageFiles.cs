using MLSegmentation.Transforms;

namespace MLSegmentation.Onnx;

/// <summary>Reads the image files the scorer accepts (PNG, JPEG) and lists them in folders.</summary>
internal static class ImageFiles
{
    /// <summary>Extensions scored in folders, lower case.</summary>
    public static readonly string[] Extensions = [".png", ".jpg", ".jpeg"];

    /// <summary>Whether <paramref name="path"/> has a supported extension.</summary>
    public static bool IsSupported(string path) =>
        Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <summary>Decodes <paramref name="path"/>; any failure is an <see cref="InvalidDataException"/> naming the file.</summary>
    public static Image Read(string path)
    {
        try
        {
            return Path.GetExtension(path).ToLowerInvariant() switch
            {
                ".png" => PngFile.ReadImage(path),
                ".jpg" or ".jpeg" => JpegFile.ReadImage(path),
                _ => throw new NotSupportedException($"unsupported file type (supported: {string.Join(", ", Extensions)})"),
            };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (e is InvalidDataException && e.Message.Contains(path, StringComparison.Ordinal))
            {
                throw;
            }
            throw new InvalidDataException($"Cannot read image '{path}': {e.Message}", e);
        }
    }

    /// <summary>The supported image files directly in <paramref name="folder"/>, sorted by name (ordinal).</summary>
    public static string[] List(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Image folder '{folder}' does not exist.");
        }
        var files = Directory.EnumerateFiles(folder).Where(IsSupported).ToArray();
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }
}
