namespace MLSegmentation.Transforms;

/// <summary>Reads an image of any supported format, chosen by its extension: PNG, JPEG, BMP, WebP, NIfTI (<c>.nii</c>, <c>.nii.gz</c>).</summary>
public static class ImageFile
{
    /// <summary>Reads <paramref name="path"/> as float channels (a NIfTI volume's 4th dimension holds its channels).</summary>
    /// <exception cref="DatasetException">The file is missing, unreadable or of an unknown format; the message names it.</exception>
    public static Image Read(string path) => SampleFiles.ReadImage(path);
}
