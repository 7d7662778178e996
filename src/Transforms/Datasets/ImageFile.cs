namespace MLSegmentation.Transforms;

/// <summary>Reads an image or a mask of any supported format, chosen by its extension: PNG, JPEG, BMP, WebP, NIfTI (<c>.nii</c>, <c>.nii.gz</c>).</summary>
public static class ImageFile
{
    /// <summary>Reads <paramref name="path"/> as float channels (a NIfTI volume's 4th dimension holds its channels).</summary>
    /// <exception cref="DatasetException">The file is missing, unreadable or of an unknown format; the message names it.</exception>
    public static Image Read(string path) => SampleFiles.ReadImage(path);

    /// <summary>Reads the mask at <paramref name="path"/> as class indices, decoding 0/255 masks as <paramref name="encoding"/> says.</summary>
    /// <param name="path">A PNG (grey or palette), a JPEG (thresholded; binary only) or a NIfTI label volume.</param>
    /// <param name="encoding">How stored values map to classes; <see cref="MaskEncoding.Auto"/> reads 0/255 as binary.</param>
    /// <param name="declaredClasses">The class count the dataset declares (0 when unknown); with more than 255 classes, 255 stays a class index.</param>
    /// <exception cref="DatasetException">The file is missing, unreadable, of an unknown format, or not a mask; the message names it.</exception>
    public static LabelMap ReadMask(string path, MaskEncoding encoding = MaskEncoding.Auto, int declaredClasses = 0) =>
        SampleFiles.ReadMask(path, encoding, declaredClasses);
}
