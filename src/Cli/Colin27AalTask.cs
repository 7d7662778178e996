using System.Globalization;
using MLSegmentation.Transforms;

namespace MLSegmentation.Cli;

/// <summary>
/// The real task of <c>mlseg dataset colin27-aal</c>: axial slices of the Colin27 T1 template (<c>ch2.nii.gz</c>, 1 mm,
/// from Debian's <c>mricron-data</c>) with one AAL structure (<c>aal.nii.gz</c>, the same grid) as the ROI. Each slice is
/// reduced by 2×2 block sums (2 mm pixels) and cropped to <see cref="Size"/>² around the structure's centre; a pixel is ROI
/// when at least 2 of its 4 voxels are. The slices from <see cref="Margin"/> below to <see cref="Margin"/> above the structure
/// are split into a lower training block and an upper validation block, <see cref="Gap"/> slices apart.
/// </summary>
internal static class Colin27AalTask
{
    /// <summary>Where Debian's <c>mricron-data</c> installs the templates.</summary>
    public const string DefaultTemplates = "/usr/share/mricron/templates";

    /// <summary>Side of the square slices, in 2 mm pixels.</summary>
    public const int Size = 64;

    /// <summary>Slices left out between the training and the validation block.</summary>
    public const int Gap = 6;

    /// <summary>Slices kept below and above the structure.</summary>
    public const int Margin = 10;

    /// <summary>
    /// Writes <c>train/</c> and <c>validation/</c> under <paramref name="output"/> in the folder layout: <c>images/zNNN.png</c>
    /// (16-bit greyscale, the sum of the 2×2 voxels, so exactly 4 × their mean), <c>masks/zNNN.png</c> (0 background, 1 the
    /// structure) and <c>classes.txt</c> (background and the structure's AAL name). NNN is the slice's z in the template.
    /// The folders are written under <c>OUTPUT.tmp</c> and renamed to <paramref name="output"/> when complete.
    /// </summary>
    /// <returns>A one-line description of the slices written.</returns>
    /// <exception cref="ArgumentException"><paramref name="output"/> exists or the structure is not in the atlas.</exception>
    /// <exception cref="FileNotFoundException">A template file is missing.</exception>
    public static string Write(string templates, int label, string output)
    {
        if (Directory.Exists(output) || File.Exists(output))
            throw new ArgumentException($"--out {output}: exists; remove it or choose another folder");
        string t1Path = Template(templates, "ch2.nii.gz"), atlasPath = Template(templates, "aal.nii.gz");
        Image t1 = NiftiFile.ReadImage(t1Path).Image;
        LabelMap atlas = NiftiFile.ReadLabels(atlasPath).Labels;
        if (!t1.Size.SequenceEqual(atlas.Size))
            throw new InvalidDataException($"{atlasPath}: its grid ({string.Join('×', atlas.Size)}) is not that of {t1Path} ({string.Join('×', t1.Size)})");
        string name = StructureName(templates, label);

        int nz = t1.Depth, ny = t1.Height, nx = t1.Width, plane = ny * nx;
        int zMin = int.MaxValue, zMax = -1;
        double sy = 0, sx = 0;
        long count = 0;
        for (int i = 0; i < atlas.Data.Length; i++)
        {
            if (atlas.Data[i] != label) continue;
            int z = i / plane;
            zMin = Math.Min(zMin, z);
            zMax = Math.Max(zMax, z);
            sy += i % plane / nx;
            sx += i % nx;
            count++;
        }
        if (count == 0) throw new ArgumentException($"--label {label}: no voxel of {atlasPath} has this label");
        int cy = (int)(sy / count), cx = (int)(sx / count);
        int first = Math.Max(0, zMin - Margin), last = Math.Min(nz - 1, zMax + Margin), split = (first + last) / 2;

        string temp = output + ".tmp";
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        int train = 0, validation = 0;
        foreach (string part in new[] { "train", "validation" })
        {
            Directory.CreateDirectory(Path.Combine(temp, part, "images"));
            Directory.CreateDirectory(Path.Combine(temp, part, "masks"));
            File.WriteAllLines(Path.Combine(temp, part, "classes.txt"), ["background", name]);
        }
        for (int z = first; z <= last; z++)
        {
            if (z > split - Gap / 2 && z <= split + Gap / 2) continue;
            var image = new Image(1, [Size, Size]);
            var labels = new LabelMap([Size, Size]);
            for (int v = 0; v < Size; v++)
            {
                for (int u = 0; u < Size; u++)
                {
                    int y0 = cy + 2 * (v - Size / 2), x0 = cx + 2 * (u - Size / 2);
                    float sum = 0;
                    int roi = 0;
                    for (int dy = 0; dy < 2; dy++)
                    {
                        for (int dx = 0; dx < 2; dx++)
                        {
                            int voxel = z * plane + Math.Clamp(y0 + dy, 0, ny - 1) * nx + Math.Clamp(x0 + dx, 0, nx - 1);
                            sum += t1.Data[voxel];
                            if (atlas.Data[voxel] == label) roi++;
                        }
                    }
                    image.Data[v * Size + u] = sum;
                    labels.Data[v * Size + u] = roi >= 2 ? 1 : 0;
                }
            }
            bool training = z <= split;
            string folder = Path.Combine(temp, training ? "train" : "validation");
            string stem = string.Create(CultureInfo.InvariantCulture, $"z{z:D3}");
            PngFile.WriteImage(Path.Combine(folder, "images", stem + ".png"), image, bitDepth: 16);
            PngFile.WriteLabels(Path.Combine(folder, "masks", stem + ".png"), labels);
            if (training) train++;
            else validation++;
        }
        Directory.Move(temp, output);
        return string.Create(CultureInfo.InvariantCulture,
            $"Colin27 T1 + AAL {label} ({name}), {Size}×{Size} slices of 2 mm centred on the structure: train z = {first}…{split - Gap / 2} ({train}), "
            + $"validation z = {split + Gap / 2 + 1}…{last} ({validation}), gap {Gap} slices");
    }

    private static string Template(string folder, string file)
    {
        string path = Path.Combine(folder, file);
        return File.Exists(path) ? path
            : throw new FileNotFoundException($"{path}: not found; install Debian's mricron-data or give --templates the folder holding ch2.nii.gz and aal.nii.gz", path);
    }

    /// <summary>The structure's name from <c>aal.nii.txt</c> ("37 Hippocampus_L 4101"), or <c>aal-N</c> without that file.</summary>
    private static string StructureName(string folder, int label)
    {
        string path = Path.Combine(folder, "aal.nii.txt");
        string code = label.ToString(CultureInfo.InvariantCulture);
        if (File.Exists(path))
        {
            foreach (string line in File.ReadLines(path))
            {
                string[] parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length >= 2 && parts[0] == code) return parts[1];
            }
        }
        return "aal-" + code;
    }
}
