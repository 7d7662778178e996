using System.Globalization;
using MLSegmentation.Transforms;

namespace MLSegmentation.Cli.Datasets;

/// <summary>
/// The Colin27 T1 template (<c>ch2.nii.gz</c>, 1 mm, 181×217×181) and the AAL atlas on its grid (<c>aal.nii.gz</c>, with
/// <c>aal.nii.txt</c> naming its structures), from Debian's <c>mricron-data</c>: the volumes the real tasks of
/// <c>mlseg dataset</c> are cut from, and how a task's axial slices are reduced and written.
/// </summary>
internal sealed class Colin27Templates
{
    /// <summary>Where Debian's <c>mricron-data</c> installs the templates.</summary>
    public const string DefaultFolder = "/usr/share/mricron/templates";

    private static readonly string[] Parts = ["train", "validation"];

    private readonly string _folder;

    private Colin27Templates(string folder, Image t1, LabelMap atlas)
    {
        _folder = folder;
        T1 = t1;
        Atlas = atlas;
    }

    /// <summary>The T1 intensities.</summary>
    public Image T1 { get; }

    /// <summary>The AAL structure of every voxel (0 outside the atlas).</summary>
    public LabelMap Atlas { get; }

    /// <summary>Reads both volumes from <paramref name="folder"/>.</summary>
    /// <exception cref="FileNotFoundException">A template file is missing.</exception>
    /// <exception cref="InvalidDataException">The atlas is not on the T1's grid (or a file is corrupt).</exception>
    public static Colin27Templates Load(string folder)
    {
        string t1Path = Template(folder, "ch2.nii.gz"), atlasPath = Template(folder, "aal.nii.gz");
        Image t1 = NiftiFile.ReadImage(t1Path).Image;
        LabelMap atlas = NiftiFile.ReadLabels(atlasPath).Labels;
        if (!t1.Size.SequenceEqual(atlas.Size))
            throw new InvalidDataException($"{atlasPath}: its grid ({string.Join('×', atlas.Size)}) is not that of {t1Path} ({string.Join('×', t1.Size)})");
        return new Colin27Templates(folder, t1, atlas);
    }

    /// <summary>
    /// The rows of <c>aal.nii.txt</c> ("37 Hippocampus_L 4101"): each structure's label, name and group code (its
    /// thousands digit is the lobe); none without the file.
    /// </summary>
    public IEnumerable<(int Label, string Name, int Group)> Structures()
    {
        string path = Path.Combine(_folder, "aal.nii.txt");
        if (!File.Exists(path)) yield break;
        foreach (string line in File.ReadLines(path))
        {
            string[] parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 3 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int label)
                && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int group))
                yield return (label, parts[1], group);
        }
    }

    /// <summary>
    /// The axial slice <paramref name="z"/> reduced by <paramref name="block"/>×<paramref name="block"/> block sums (so
    /// exactly block² × their mean, integers for the 8-bit template), <paramref name="height"/>×<paramref name="width"/>
    /// blocks from voxel (<paramref name="top"/>, <paramref name="left"/>); voxels outside the volume repeat its edge. Each
    /// block's class is <paramref name="classOf"/> of its atlas labels (row by row).
    /// </summary>
    public (Image Image, LabelMap Labels) Slice(int z, int top, int left, int height, int width, int block, Func<int[], int> classOf)
    {
        int ny = T1.Height, nx = T1.Width, plane = ny * nx;
        var image = new Image(1, [height, width]);
        var labels = new LabelMap([height, width]);
        var voxels = new int[block * block];
        for (int v = 0; v < height; v++)
        {
            for (int u = 0; u < width; u++)
            {
                float sum = 0;
                for (int dy = 0; dy < block; dy++)
                {
                    for (int dx = 0; dx < block; dx++)
                    {
                        int voxel = z * plane + Math.Clamp(top + block * v + dy, 0, ny - 1) * nx + Math.Clamp(left + block * u + dx, 0, nx - 1);
                        sum += T1.Data[voxel];
                        voxels[dy * block + dx] = Atlas.Data[voxel];
                    }
                }
                image.Data[v * width + u] = sum;
                labels.Data[v * width + u] = classOf(voxels);
            }
        }
        return (image, labels);
    }

    /// <summary>
    /// Writes the slices <paramref name="slices"/> (each its z and whether it trains), read by <paramref name="slice"/>, as <c>train/</c> and <c>validation/</c> folder datasets under <paramref name="output"/>:
    /// <c>images/zNNN.png</c> (16-bit greyscale), <c>masks/zNNN.png</c> and <c>classes.txt</c>, NNN the slice's z. The folders
    /// are written whole or not at all (<see cref="DatasetFolder.Write"/>).
    /// </summary>
    /// <returns>The slices written to each folder.</returns>
    /// <exception cref="ArgumentException"><paramref name="output"/> exists.</exception>
    public static (int Train, int Validation) Write(
        string output, IReadOnlyList<string> classNames, IEnumerable<(int Z, bool Training)> slices, Func<int, (Image Image, LabelMap Labels)> slice) =>
        DatasetFolder.Write(output, temp =>
        {
            foreach (string part in Parts)
            {
                Directory.CreateDirectory(Path.Combine(temp, part, "images"));
                Directory.CreateDirectory(Path.Combine(temp, part, "masks"));
                File.WriteAllLines(Path.Combine(temp, part, "classes.txt"), classNames);
            }
            int train = 0, validation = 0;
            foreach ((int z, bool training) in slices)
            {
                (Image image, LabelMap labels) = slice(z);
                string folder = Path.Combine(temp, training ? "train" : "validation");
                string stem = string.Create(CultureInfo.InvariantCulture, $"z{z:D3}");
                PngFile.WriteImage(Path.Combine(folder, "images", stem + ".png"), image, bitDepth: 16);
                PngFile.WriteLabels(Path.Combine(folder, "masks", stem + ".png"), labels);
                if (training) train++;
                else validation++;
            }
            return (train, validation);
        });

    private static string Template(string folder, string file)
    {
        string path = Path.Combine(folder, file);
        return File.Exists(path) ? path
            : throw new FileNotFoundException($"{path}: not found; install Debian's mricron-data or give --templates the folder holding ch2.nii.gz and aal.nii.gz", path);
    }
}
