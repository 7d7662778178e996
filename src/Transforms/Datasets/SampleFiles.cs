using System.IO.Compression;

namespace MLSegmentation.Transforms;

/// <summary>Reading image and mask files by format (PNG, JPEG, BMP, WebP, NIfTI), with every failure as a <see cref="DatasetException"/> naming the file.</summary>
internal static class SampleFiles
{
    private static readonly string[] Extensions = [".nii.gz", ".nii", ".png", ".jpg", ".jpeg", ".bmp", ".webp"];

    /// <summary>The known extension of <paramref name="path"/> (lower case, ".nii.gz" whole), or null.</summary>
    public static string? KnownExtension(string path) =>
        Extensions.FirstOrDefault(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    /// <summary>The file name without its known extension (or without its last extension).</summary>
    public static string Stem(string path)
    {
        string name = Path.GetFileName(path);
        string? ext = KnownExtension(name);
        return ext is null ? Path.GetFileNameWithoutExtension(name) : name[..^ext.Length];
    }

    /// <summary>True for names a layout ignores: hidden files and macOS "._" resource forks.</summary>
    public static bool IsHidden(string path) => Path.GetFileName(path).StartsWith('.');

    /// <summary>Reads an image file of any supported format.</summary>
    public static Image ReadImage(string path) => Guard(path, () => KnownExtension(path) switch
    {
        ".png" => PngFile.ReadImage(path),
        ".jpg" or ".jpeg" or ".bmp" or ".webp" => RasterFile.ReadImage(path),
        ".nii" or ".nii.gz" => NiftiFile.ReadImage(path).Image,
        _ => throw UnknownFormat(path),
    });

    /// <summary>Reads a mask file into class indices, applying <paramref name="encoding"/>.</summary>
    public static LabelMap ReadMask(string path, MaskEncoding encoding, int declaredClasses) => Guard(path, () =>
    {
        switch (KnownExtension(path))
        {
            case ".png":
                return Decode255(path, PngMask(path), encoding, declaredClasses);
            case ".jpg" or ".jpeg":
                if (encoding == MaskEncoding.ClassIndices)
                {
                    throw new DatasetException(path, "a JPEG mask is lossy and cannot hold exact class indices; use PNG, or MaskEncoding.Binary / Auto to threshold it", null);
                }

                return Threshold(RasterFile.ReadImage(path));
            case ".nii" or ".nii.gz":
                return NiftiFile.ReadLabels(path).Labels;
            default:
                throw UnknownFormat(path);
        }
    });

    /// <summary>The spatial size stored in a NIfTI header, [depth, height, width], read without the voxels; null for other formats.</summary>
    public static int[]? PeekVolumeSize(string path)
    {
        string? ext = KnownExtension(path);
        if (ext is not (".nii" or ".nii.gz"))
        {
            return null;
        }

        return Guard(path, () =>
        {
            var header = new byte[NiftiHeader.HeaderSize];
            using Stream file = File.OpenRead(path);
            using Stream stream = ext == ".nii.gz" ? new GZipStream(file, CompressionMode.Decompress) : file;
            int read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            NiftiHeader parsed = NiftiHeader.Parse(header[..read], out _, out string problem)
                ?? throw new DatasetException(path, $"NIfTI '{path}': {problem}.", null);
            IReadOnlyList<int> s = parsed.Shape;
            int At(int i) => i < s.Count ? s[i] : 1;
            return new[] { At(2), At(1), At(0) };
        });
    }

    /// <summary>Runs <paramref name="read"/>, turning decoder and I/O errors into <see cref="DatasetException"/> naming <paramref name="path"/>.</summary>
    public static T Guard<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (DatasetException)
        {
            throw;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or ArgumentException or DllNotFoundException or OverflowException or OutOfMemoryException)
        {
            string problem = e switch
            {
                FileNotFoundException or DirectoryNotFoundException => "file not found",
                DllNotFoundException => $"cannot decode: {e.Message}",
                _ => e.Message,
            };
            throw new DatasetException(path, problem, e);
        }
    }

    private static DatasetException UnknownFormat(string path) =>
        new(path, $"unknown format (extension '{Path.GetExtension(path)}'); PNG, JPEG, BMP, WebP and NIfTI (.nii, .nii.gz) are read", null);

    private static LabelMap PngMask(string path)
    {
        PngImage png = PngFile.Read(path);
        if (png.ColorType is PngColorType.Grey or PngColorType.Palette)
        {
            return png.ToLabelMap();
        }

        // Grey stored as RGB(A) or grey+alpha: accept when every colour channel agrees; colours are not classes.
        int n = png.Channels;
        int colours = png.ColorType == PngColorType.GreyAlpha ? 1 : 3;
        ReadOnlySpan<ushort> samples = png.Samples;
        var labels = new int[png.Width * png.Height];
        for (int i = 0; i < labels.Length; i++)
        {
            ushort v = samples[i * n];
            for (int c = 1; c < colours; c++)
            {
                if (samples[i * n + c] != v)
                {
                    throw new DatasetException(path, $"a colour ({png.ColorType}) mask: pixel {i % png.Width}, {i / png.Width} is not grey, so its value is not a class index; save masks as greyscale or palette PNGs", null);
                }
            }

            labels[i] = v;
        }

        return new LabelMap([png.Height, png.Width], labels);
    }

    internal static LabelMap Decode255(string path, LabelMap labels, MaskEncoding encoding, int declaredClasses)
    {
        if (encoding == MaskEncoding.ClassIndices)
        {
            return labels;
        }

        bool only0And255 = true, has255 = false, only0And1 = true;
        foreach (int v in labels.Data)
        {
            only0And255 &= v is 0 or 255;
            only0And1 &= v is 0 or 1;
            has255 |= v == 255;
        }

        if (encoding == MaskEncoding.Binary && !only0And255 && !only0And1)
        {
            int bad = labels.Data.First(v => v is not (0 or 1 or 255));
            throw new DatasetException(path, $"a binary mask holds value {bad}; binary masks hold 0 and 255 (or 0 and 1)", null);
        }

        bool binary = encoding == MaskEncoding.Binary || (only0And255 && has255 && declaredClasses <= 255);
        if (binary)
        {
            int[] data = labels.Data;
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = data[i] == 0 ? 0 : 1;
            }
        }

        return labels;
    }

    private static LabelMap Threshold(Image image)
    {
        int plane = image.VoxelCount;
        var labels = new int[plane];
        for (int i = 0; i < plane; i++)
        {
            float sum = 0;
            for (int c = 0; c < image.Channels; c++)
            {
                sum += image.Data[c * plane + i];
            }

            labels[i] = sum / image.Channels >= 128 ? 1 : 0;
        }

        return new LabelMap(image.Size, labels, image.Spacing);
    }
}
