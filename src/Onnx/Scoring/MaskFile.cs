using System.Globalization;
using System.IO.Compression;
using MLSegmentation.Transforms;

namespace MLSegmentation.Onnx;

/// <summary>
/// Writes the scorer's outputs, each through a temporary file and a rename so readers never see a partial file:
/// label maps as greyscale mask PNGs (images) or NIfTI label volumes with the source's geometry (volumes), and
/// probability maps as one 16-bit PNG per class (value = p · 65535) or one float32 NIfTI [x, y, z, K].
/// </summary>
internal static class MaskFile
{
    /// <summary>The mask path for <paramref name="image"/>: its stem in <paramref name="folder"/>, <c>.png</c> for images, <c>.nii.gz</c> for volumes.</summary>
    public static string PathFor(string folder, PreparedImage image, int spatialDims) =>
        Path.Combine(folder, ImageFiles.Stem(image.Source!) + (spatialDims == 3 ? ".nii.gz" : ".png"));

    /// <summary>
    /// Writes the label map of <paramref name="image"/> to <paramref name="path"/>; a volume gets the source file's
    /// geometry (pixdim, qform, sform, units), or an identity geometry with the input's spacing when it has no file.
    /// </summary>
    public static void Write(string path, PreparedImage image, LabelMap labels)
    {
        if (labels.Dimensions == 3)
        {
            NiftiFile.WriteLabels(path, labels, Geometry(image, labels.Size, NiftiDataType.UInt8));
            return;
        }
        AtomicFile.WriteAllBytes(path, PngEncoder.Encode(PngImage.FromLabelMap(labels), CompressionLevel.Fastest));
    }

    /// <summary>
    /// Writes the probability maps of <paramref name="image"/> beside its mask: <c>stem_probability_k.png</c> per
    /// class k for images, <c>stem_probabilities.nii.gz</c> (float32, the classes along the 4th dimension, the
    /// source's geometry) for volumes.
    /// </summary>
    public static void WriteProbabilities(string folder, PreparedImage image, Image probabilities)
    {
        var stem = ImageFiles.Stem(image.Source!);
        if (probabilities.Dimensions == 3)
        {
            var header = Geometry(image, probabilities.Size, NiftiDataType.Float32) with
            {
                Shape = [probabilities.Width, probabilities.Height, probabilities.Depth, probabilities.Channels],
                DataType = NiftiDataType.Float32,
                ScaleSlope = 1,
                ScaleIntercept = 0,
                CalMin = 0,
                CalMax = 1,
                IntentCode = 0,
                IntentParameters = [0, 0, 0],
                IntentName = "",
            };
            NiftiFile.WriteImage(Path.Combine(folder, stem + "_probabilities.nii.gz"), header, probabilities);
            return;
        }
        var plane = probabilities.VoxelCount;
        for (var k = 0; k < probabilities.Channels; k++)
        {
            var scaled = new float[plane];
            var source = probabilities.Data.AsSpan(k * plane, plane);
            for (var i = 0; i < plane; i++)
            {
                scaled[i] = source[i] * ushort.MaxValue;
            }
            var png = PngImage.FromImage(new Image(1, probabilities.Size, scaled), bitDepth: 16);
            var path = Path.Combine(folder, $"{stem}_probability_{k.ToString(CultureInfo.InvariantCulture)}.png");
            AtomicFile.WriteAllBytes(path, PngEncoder.Encode(png, CompressionLevel.Fastest));
        }
    }

    private static NiftiHeader Geometry(PreparedImage image, IReadOnlyList<int> size, NiftiDataType type) =>
        image.Geometry ?? NiftiHeader.Create([size[2], size[1], size[0]], type, [image.Spacing[2], image.Spacing[1], image.Spacing[0]]);
}
