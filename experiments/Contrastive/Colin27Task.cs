using MLSegmentation.Trainers.Training;
using System.Globalization;
using MLSegmentation.Transforms;

namespace MLSegmentation.Experiments.Contrastive;

/// <summary>
/// A real multi-object task from Debian's <c>mricron-data</c>: axial slices of the Colin27 T1 template
/// (<c>ch2.nii.gz</c>) with the AAL atlas (<c>aal.nii.gz</c>, same 1 mm grid) merged into lobes by the atlas's
/// group code (<c>aal.nii.txt</c>, third column / 1000). Each slice is reduced by 4×4 block means (labels: the
/// block's centre voxel) and centre-cropped to 48×40. Slices are split in blocks of 20 along z: 0–11 train,
/// 12–13 gap, 14–17 test, 18–19 gap, so no test slice neighbours a training slice.
/// </summary>
internal static class Colin27Task
{
    private const string Folder = "/usr/share/mricron/templates";
    private const int Height = 48, Width = 40, Block = 4;

    public static IReadOnlyList<string> ClassNames { get; } = ["background", "frontal", "insula", "limbic", "occipital", "parietal", "deep grey", "temporal", "cerebellum"];

    public static bool Available => File.Exists(Path.Combine(Folder, "ch2.nii.gz")) && File.Exists(Path.Combine(Folder, "aal.nii.gz"));

    public static (InMemoryBatchSource Train, InMemoryBatchSource Test) Load(int batchSize)
    {
        Image t1 = NiftiFile.ReadImage(Path.Combine(Folder, "ch2.nii.gz")).Image;
        LabelMap atlas = NiftiFile.ReadLabels(Path.Combine(Folder, "aal.nii.gz")).Labels;
        var group = new long[65536];
        foreach (string line in File.ReadLines(Path.Combine(Folder, "aal.nii.txt")))
        {
            string[] parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out int code) || !int.TryParse(parts[2], CultureInfo.InvariantCulture, out int lobe)) continue;
            group[code] = Math.Clamp(lobe / 1000 - 1, 0, ClassNames.Count - 1);
        }
        float maximum = t1.Data.Max();
        int ny = t1.Height, nx = t1.Width, nz = t1.Depth;
        int y0 = (ny / Block - Height) / 2, x0 = (nx / Block - Width) / 2;
        List<float[]> trainImages = [], testImages = [];
        List<long[]> trainLabels = [], testLabels = [];
        for (int z = 10; z < nz - 10; z++)
        {
            int phase = z % 20;
            if (phase is 12 or 13 or 18 or 19) continue;
            var image = new float[Height * Width];
            var labels = new long[Height * Width];
            for (int y = 0; y < Height; y++)
            {
                for (int x = 0; x < Width; x++)
                {
                    int by = (y0 + y) * Block, bx = (x0 + x) * Block;
                    double sum = 0;
                    for (int dy = 0; dy < Block; dy++)
                        for (int dx = 0; dx < Block; dx++) sum += t1.Data[((long)z * ny + by + dy) * nx + bx + dx];
                    image[y * Width + x] = (float)(sum / (Block * Block) / maximum);
                    labels[y * Width + x] = group[atlas.Data[((long)z * ny + by + Block / 2) * nx + bx + Block / 2]];
                }
            }
            bool train = phase < 12;
            (train ? trainImages : testImages).Add(image);
            (train ? trainLabels : testLabels).Add(labels);
        }
        return (new InMemoryBatchSource([.. trainImages], [.. trainLabels], Height, Width, ClassNames, batchSize, 0),
                new InMemoryBatchSource([.. testImages], [.. testLabels], Height, Width, ClassNames, batchSize, 0));
    }
}
