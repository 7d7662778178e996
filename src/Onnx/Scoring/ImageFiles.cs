using MLSegmentation.Transforms;

namespace MLSegmentation.Onnx;

/// <summary>
/// Reads the files the scorer accepts, images (PNG, JPEG) for 2D models and NIfTI volumes (.nii, .nii.gz; a 4th
/// dimension holds the modalities, i.e. the channels) for 3D models, and lists them in folders.
/// </summary>
internal static class ImageFiles
{
    /// <summary>Image extensions, lower case.</summary>
    public static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".bmp", ".webp"];

    /// <summary>Volume extensions, lower case.</summary>
    public static readonly string[] VolumeExtensions = [".nii", ".nii.gz"];

    /// <summary>Every supported extension.</summary>
    public static readonly string[] Extensions = [.. ImageExtensions, .. VolumeExtensions];

    /// <summary>Whether <paramref name="path"/> names a NIfTI volume.</summary>
    public static bool IsVolume(string path) =>
        VolumeExtensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether <paramref name="path"/> has a supported image extension (<paramref name="volumes"/> false) or volume extension (true).</summary>
    public static bool IsSupported(string path, bool volumes) =>
        volumes ? IsVolume(path) : ImageExtensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <summary>The file name without its extension (both of <c>.nii.gz</c>).</summary>
    public static string Stem(string path)
    {
        var name = Path.GetFileName(path);
        return name.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase) ? name[..^".nii.gz".Length] : Path.GetFileNameWithoutExtension(name);
    }

    /// <summary>Decodes <paramref name="path"/>; any failure is an <see cref="InvalidDataException"/> naming the file.</summary>
    public static ScoringInput Read(string path)
    {
        try
        {
            if (IsVolume(path))
            {
                var volume = NiftiFile.ReadImage(path);
                return new ScoringInput(volume.Image, path, volume.Header);
            }
            var image = Path.GetExtension(path).ToLowerInvariant() switch
            {
                ".png" => PngFile.ReadImage(path),
                ".jpg" or ".jpeg" or ".bmp" or ".webp" => RasterFile.ReadImage(path),
                _ => throw new NotSupportedException($"unsupported file type (supported: {string.Join(", ", Extensions)})"),
            };
            return new ScoringInput(image, path, null);
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

    /// <summary>
    /// The images (<paramref name="spatialDims"/> 2) or volumes (3) directly in <paramref name="folder"/>, sorted by
    /// name (ordinal). A folder holding only files of the other kind is an error, not an empty result.
    /// </summary>
    /// <exception cref="InvalidDataException">The folder has no file of the model's kind but files of the other kind.</exception>
    public static string[] List(string folder, int spatialDims, string modelPath)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Image folder '{folder}' does not exist.");
        }
        var volumes = spatialDims == 3;
        var all = Directory.EnumerateFiles(folder).ToArray();
        var files = all.Where(f => IsSupported(f, volumes)).ToArray();
        if (files.Length == 0 && all.FirstOrDefault(f => IsSupported(f, !volumes)) is { } other)
        {
            throw new InvalidDataException(volumes
                ? $"Folder '{folder}' holds 2D images (e.g. '{Path.GetFileName(other)}') but the model '{modelPath}' is a 3D model: it scores NIfTI volumes (.nii, .nii.gz)."
                : $"Folder '{folder}' holds NIfTI volumes (e.g. '{Path.GetFileName(other)}') but the model '{modelPath}' is a 2D model: it scores PNG or JPEG images.");
        }
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }
}
