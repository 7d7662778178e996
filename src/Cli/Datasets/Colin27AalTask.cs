using System.Globalization;

namespace MLSegmentation.Cli.Datasets;

/// <summary>
/// The real task of <c>mlseg dataset colin27-aal</c>: axial slices of the Colin27 T1 template with one AAL structure as the
/// ROI. Each slice is reduced by 2×2 block sums (2 mm pixels) and cropped to a square of <c>size</c> pixels around the
/// structure's centre; a pixel is ROI when at least 2 of its 4 voxels are. The slices from <see cref="Margin"/> below to
/// <see cref="Margin"/> above the structure are split into a lower training block and an upper validation block,
/// <see cref="Gap"/> slices apart.
/// </summary>
internal static class Colin27AalTask
{
    /// <summary>Default side of the square slices, in 2 mm pixels.</summary>
    public const int DefaultSize = 64;

    /// <summary>Slices left out between the training and the validation block.</summary>
    public const int Gap = 6;

    /// <summary>Slices kept below and above the structure.</summary>
    public const int Margin = 10;

    private const int Block = 2;

    /// <summary>
    /// Writes <c>train/</c> and <c>validation/</c> under <paramref name="output"/> (see <see cref="Colin27Templates.Write"/>):
    /// masks 0 background, 1 the structure; <c>classes.txt</c> names background and the structure's AAL name.
    /// </summary>
    /// <returns>A one-line description of the slices written.</returns>
    /// <exception cref="ArgumentException"><paramref name="output"/> exists, the size is not positive, or the structure is not in the atlas.</exception>
    /// <exception cref="FileNotFoundException">A template file is missing.</exception>
    public static string Write(string templates, int label, int size, string output)
    {
        DatasetFolder.CheckOutput(output);
        if (size < 8) throw new ArgumentException($"--size {size}: give at least 8 pixels");
        Colin27Templates colin = Colin27Templates.Load(templates);
        int[] atlas = colin.Atlas.Data;
        int plane = colin.Atlas.Height * colin.Atlas.Width, nx = colin.Atlas.Width;
        int zMin = int.MaxValue, zMax = -1;
        double sy = 0, sx = 0;
        long count = 0;
        for (int i = 0; i < atlas.Length; i++)
        {
            if (atlas[i] != label) continue;
            int z = i / plane;
            zMin = Math.Min(zMin, z);
            zMax = Math.Max(zMax, z);
            sy += i % plane / nx;
            sx += i % nx;
            count++;
        }
        if (count == 0) throw new ArgumentException($"--label {label}: no voxel of the atlas in {templates} has this label");
        string code = label.ToString(CultureInfo.InvariantCulture);
        string name = colin.Structures().Where(s => s.Label == label).Select(s => s.Name).FirstOrDefault() ?? "aal-" + code;
        int top = (int)(sy / count) - Block * (size / 2), left = (int)(sx / count) - Block * (size / 2);
        int first = Math.Max(0, zMin - Margin), last = Math.Min(colin.T1.Depth - 1, zMax + Margin), split = (first + last) / 2;

        var slices = Enumerable.Range(first, last - first + 1).Where(z => z <= split - Gap / 2 || z > split + Gap / 2).Select(z => (z, z <= split));
        (int train, int validation) = Colin27Templates.Write(output, ["background", name], slices,
            z => colin.Slice(z, top, left, size, size, Block, voxels => voxels.Count(v => v == label) >= 2 ? 1 : 0));
        return string.Create(CultureInfo.InvariantCulture,
            $"Colin27 T1 + AAL {label} ({name}), {size}×{size} slices of 2 mm centred on the structure: train z = {first}…{split - Gap / 2} ({train}), "
            + $"validation z = {split + Gap / 2 + 1}…{last} ({validation}), gap {Gap} slices");
    }
}
