using System.IO.Compression;
using MLSegmentation.Transforms;

namespace MLSegmentation.Onnx;

/// <summary>Writes label maps as greyscale mask PNGs through a temporary file and a rename, so readers never see a partial mask.</summary>
internal static class MaskFile
{
    /// <summary>The mask path for <paramref name="source"/>: the same stem with <c>.png</c> in <paramref name="folder"/>.</summary>
    public static string PathFor(string folder, string source) =>
        Path.Combine(folder, Path.GetFileNameWithoutExtension(source) + ".png");

    /// <summary>Encodes and writes <paramref name="labels"/> to <paramref name="path"/> (temp file + rename).</summary>
    public static void Write(string path, LabelMap labels)
    {
        var bytes = PngEncoder.Encode(PngImage.FromLabelMap(labels), interlaced: false, CompressionLevel.Fastest);
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
