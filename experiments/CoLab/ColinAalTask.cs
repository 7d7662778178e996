using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;

namespace MLSegmentation.Experiments.CoLab;

/// <summary>
/// The real task: axial slices of the Colin27 T1 template (Debian's <c>mricron-data</c>, <c>ch2.nii.gz</c>, 1 mm) with
/// one small AAL structure (<c>aal.nii.gz</c>, same grid) as the ROI. Slices are averaged 2×2 (2 mm pixels) and cropped
/// to 64×64 around the structure's centre; the slices from 10 below to 10 above the structure are split into a lower
/// training block and an upper test block with a gap of <see cref="Gap"/> slices between them.
/// </summary>
internal static class ColinAalTask
{
    public const string Folder = "/usr/share/mricron/templates";
    public const int Size = 64, Gap = 6, Margin = 10;

    public static (InMemoryBatchSource Train, InMemoryBatchSource Test, string Description) Load(int roiLabel, int batchSize)
    {
        Image t1 = NiftiFile.ReadImage(Path.Combine(Folder, "ch2.nii.gz")).Image;
        LabelMap atlas = NiftiFile.ReadLabels(Path.Combine(Folder, "aal.nii.gz")).Labels;
        if (!t1.Size.SequenceEqual(atlas.Size)) throw new InvalidDataException("ch2 and aal are not on the same grid");
        int nz = t1.Size[0], ny = t1.Size[1], nx = t1.Size[2], plane = ny * nx;
        int zMin = int.MaxValue, zMax = -1;
        double sy = 0, sx = 0;
        long count = 0;
        for (int i = 0; i < atlas.Data.Length; i++)
        {
            if (atlas.Data[i] != roiLabel) continue;
            int z = i / plane, y = i % plane / nx, x = i % nx;
            zMin = Math.Min(zMin, z);
            zMax = Math.Max(zMax, z);
            sy += y;
            sx += x;
            count++;
        }
        if (count == 0) throw new InvalidDataException($"AAL label {roiLabel} is absent");
        int cy = (int)(sy / count), cx = (int)(sx / count);
        float max = t1.Data.Max();
        int first = Math.Max(0, zMin - Margin), last = Math.Min(nz - 1, zMax + Margin);
        int split = (first + last) / 2;
        var train = new List<(float[], long[])>();
        var test = new List<(float[], long[])>();
        for (int z = first; z <= last; z++)
        {
            if (z > split - Gap / 2 && z <= split + Gap / 2) continue;
            var image = new float[Size * Size];
            var labels = new long[Size * Size];
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
                            int y = Math.Clamp(y0 + dy, 0, ny - 1), x = Math.Clamp(x0 + dx, 0, nx - 1);
                            sum += t1.Data[z * plane + y * nx + x];
                            if (atlas.Data[z * plane + y * nx + x] == roiLabel) roi++;
                        }
                    }
                    image[v * Size + u] = sum / 4 / max;
                    labels[v * Size + u] = roi >= 2 ? 1 : 0;
                }
            }
            (z <= split ? train : test).Add((image, labels));
        }
        InMemoryBatchSource Make(List<(float[] Image, long[] Labels)> items) =>
            new([.. items.Select(i => i.Image)], [.. items.Select(i => i.Labels)], Size, Size, ["background", "roi"], batchSize, 1);
        string description = $"Colin27 T1 (`ch2.nii.gz`) axial slices z = {first}…{last} (2 mm pixels, 64×64 crop centred on the structure), ROI = AAL label {roiLabel}; " +
            $"training slices {first}…{split - Gap / 2} ({train.Count}), test slices {split + Gap / 2 + 1}…{last} ({test.Count}), gap {Gap} slices";
        return (Make(train), Make(test), description);
    }
}
