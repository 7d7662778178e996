using System.Globalization;

namespace MLSegmentation.Cli.Datasets;

/// <summary>
/// The real multi-class task of <c>mlseg dataset colin27-lobes</c>: axial slices of the Colin27 T1 template with the AAL
/// structures merged into lobes by their group code (<c>aal.nii.txt</c>'s third column; its thousands digit 2 … 9 is
/// frontal, insula, limbic, occipital, parietal, deep grey, temporal, cerebellum); unlabelled voxels are background.
/// Slices z = <see cref="FirstSlice"/>…<see cref="LastSlice"/> are reduced by 4×4 block sums (4 mm pixels, a block's class
/// that of its centre voxel) and centre-cropped to <see cref="Height"/>×<see cref="Width"/>. They are split in repeating
/// blocks of 10 along z: z mod 10 of 0–4 train, 6–8 validate, 5 and 9 are left out, so no validation slice touches a
/// training slice.
/// </summary>
internal static class Colin27LobesTask
{
    /// <summary>Rows and columns of a slice, in 4 mm pixels.</summary>
    public const int Height = 48, Width = 40;

    /// <summary>The slices written.</summary>
    public const int FirstSlice = 10, LastSlice = 169;

    private const int Block = 4;

    /// <summary>The classes, background first, then the lobes in group-code order.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["background", "frontal", "insula", "limbic", "occipital", "parietal", "deep grey", "temporal", "cerebellum"];

    /// <summary>Writes <c>train/</c> and <c>validation/</c> under <paramref name="output"/> (see <see cref="Colin27Templates.Write"/>).</summary>
    /// <returns>A one-line description of the slices written.</returns>
    /// <exception cref="ArgumentException"><paramref name="output"/> exists.</exception>
    /// <exception cref="FileNotFoundException">A template file, or <c>aal.nii.txt</c>, is missing.</exception>
    public static string Write(string templates, string output)
    {
        DatasetFolder.CheckOutput(output);
        Colin27Templates colin = Colin27Templates.Load(templates);
        var lobeOf = new Dictionary<int, int>();
        foreach ((int label, _, int group) in colin.Structures())
        {
            if (group / 1000 is >= 2 and <= 9) lobeOf[label] = group / 1000 - 1;
        }
        if (lobeOf.Count == 0)
        {
            string list = Path.Combine(templates, "aal.nii.txt");
            throw new FileNotFoundException($"{list}: not found or lists no structure with a lobe's group code; it comes with Debian's mricron-data", list);
        }

        int top = (colin.T1.Height - Block * Height) / 2, left = (colin.T1.Width - Block * Width) / 2;
        int centre = Block / 2 * Block + Block / 2;
        var slices = Enumerable.Range(FirstSlice, LastSlice - FirstSlice + 1).Where(z => z % 10 is not (5 or 9)).Select(z => (z, z % 10 < 5));
        (int train, int validation) = Colin27Templates.Write(output, ClassNames, slices,
            z => colin.Slice(z, top, left, Height, Width, Block, voxels => lobeOf.GetValueOrDefault(voxels[centre])));
        return string.Create(CultureInfo.InvariantCulture,
            $"Colin27 T1 + AAL lobes ({ClassNames.Count} classes), {Height}×{Width} slices of 4 mm, z = {FirstSlice}…{LastSlice}: {train} train (z mod 10 of 0–4), "
            + $"{validation} validation (6–8)");
    }
}
