using System.Globalization;
using MLSegmentation.Transforms;

namespace MLSegmentation.Experiments.MaskSup;

/// <summary>
/// A real task from Debian's mricron-data: axial slices of the Colin27 T1 template (<c>ch2.nii.gz</c>, 1 mm, 181×217×181)
/// with the AAL atlas (<c>aal.nii.gz</c>, same grid) grouped by lobe (AAL's code / 1000: frontal, insula, limbic,
/// occipital, parietal, deep grey, temporal, cerebellum; unlabelled voxels are background). Slices z = 10–169, 4×4 block
/// means of the image and the label at each block's centre, cropped to 48×40 (centred). Slices are split in repeating blocks of 10:
/// z mod 10 in 0–4 train, 6–8 test, 5 and 9 gaps, so no test slice touches a training slice.
/// </summary>
internal static class Colin27Task
{
    public const string Folder = "/usr/share/mricron/templates";
    public const int Height = 48, Width = 40, Stride = 4;

    public static readonly string[] ClassNames = ["background", "frontal", "insula", "limbic", "occipital", "parietal", "deep grey", "temporal", "cerebellum"];

    public static ((float[][] Images, int[][] Labels) Train, (float[][] Images, int[][] Labels) Test) Load()
    {
        Image t1 = NiftiFile.ReadImage(Path.Combine(Folder, "ch2.nii.gz")).Image;
        LabelMap aal = NiftiFile.ReadLabels(Path.Combine(Folder, "aal.nii.gz")).Labels;
        var lobe = new int[256];
        foreach (string line in File.ReadLines(Path.Combine(Folder, "aal.nii.txt")))
        {
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3) continue;
            int code = int.Parse(parts[2], CultureInfo.InvariantCulture) / 1000;
            lobe[int.Parse(parts[0], CultureInfo.InvariantCulture)] = code - 1; // 2 → 1 (frontal) … 9 → 8 (cerebellum)
        }
        int ny = t1.Height, nx = t1.Width;
        int y0 = (ny / Stride - Height) / 2, x0 = (nx / Stride - Width) / 2;
        List<float[]> trainImages = [], testImages = [];
        List<int[]> trainLabels = [], testLabels = [];
        for (int z = 10; z < 170; z++)
        {
            int phase = z % 10;
            if (phase is 5 or 9) continue;
            var image = new float[Height * Width];
            var labels = new int[Height * Width];
            for (int y = 0; y < Height; y++)
            {
                for (int x = 0; x < Width; x++)
                {
                    int by = (y0 + y) * Stride, bx = (x0 + x) * Stride;
                    double sum = 0;
                    for (int dy = 0; dy < Stride; dy++)
                        for (int dx = 0; dx < Stride; dx++) sum += t1.Data[(z * ny + by + dy) * nx + bx + dx];
                    image[y * Width + x] = (float)(sum / (Stride * Stride));
                    labels[y * Width + x] = lobe[aal.Data[(z * ny + by + Stride / 2) * nx + bx + Stride / 2]];
                }
            }
            (phase < 5 ? trainImages : testImages).Add(image);
            (phase < 5 ? trainLabels : testLabels).Add(labels);
        }
        return ((trainImages.ToArray(), trainLabels.ToArray()), (testImages.ToArray(), testLabels.ToArray()));
    }
}
