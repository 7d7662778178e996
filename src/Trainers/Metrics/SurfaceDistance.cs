using MLSegmentation.Transforms;

namespace MLSegmentation.Trainers.Metrics;

/// <summary>
/// Surface distances between two binary masks on a 2D or 3D grid with anisotropic spacing, through an exact
/// linear-time Euclidean distance transform (<see cref="DistanceTransform.SquaredDistanceToFeature"/>).
/// </summary>
/// <remarks>
/// The surface of a mask is the set of its boundary voxels: voxels of the mask with a face neighbour
/// (4-connected in 2D, 6-connected in 3D) outside the mask or outside the grid — MedPy's
/// <c>mask ^ binary_erosion(mask)</c> with the default cross-shaped structuring element. The directed
/// distances from A to B are, for each surface voxel of A, the distance between voxel centres to the nearest
/// surface voxel of B. Cost: one pass to find the surfaces, two distance transforms, and a sort of the
/// surface distances for the percentile.
/// </remarks>
public static class SurfaceDistance
{
    /// <summary>
    /// Hausdorff distance, its <paramref name="percentile"/>-th percentile and the average symmetric surface
    /// distance between <paramref name="predicted"/> and <paramref name="truth"/>.
    /// </summary>
    /// <param name="predicted">Predicted mask, one flag per voxel, x fastest.</param>
    /// <param name="truth">True mask, same layout.</param>
    /// <param name="size">Grid size, slowest axis first ([H, W] or [D, H, W]).</param>
    /// <param name="spacing">Voxel spacing per axis in the order of <paramref name="size"/>; 1 when null.</param>
    /// <param name="percentile">The percentile of the union of directed distances, in [0, 100]; 95 by default.</param>
    /// <param name="oneEmpty">
    /// Every distance when exactly one mask is empty: NaN (undefined, MONAI's convention; the default) or a stated
    /// maximum distance (finite, ≥ 0). Both empty gives NaN.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="oneEmpty"/> is infinite or negative, or the percentile is outside [0, 100].</exception>
    public static SurfaceDistances Compute(
        ReadOnlySpan<bool> predicted,
        ReadOnlySpan<bool> truth,
        IReadOnlyList<int> size,
        IReadOnlyList<double>? spacing = null,
        double percentile = 95,
        double oneEmpty = double.NaN)
    {
        int voxels = MetricGrid.Check(size, spacing, out double[] spacingValues);
        if (predicted.Length != voxels || truth.Length != voxels)
        {
            throw new ArgumentException($"Masks of {predicted.Length} and {truth.Length} voxels for a grid of {voxels}.", nameof(predicted));
        }

        if (!(percentile is >= 0 and <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "A percentile lies in [0, 100].");
        }

        SurfaceDistances.CheckMissing(oneEmpty, nameof(oneEmpty));

        bool predictedEmpty = !predicted.Contains(true);
        bool truthEmpty = !truth.Contains(true);
        if (predictedEmpty && truthEmpty)
        {
            return SurfaceDistances.BothEmpty;
        }

        if (predictedEmpty || truthEmpty)
        {
            return SurfaceDistances.OneEmpty(oneEmpty);
        }

        bool[] predictedSurface = Surface(predicted, size);
        bool[] truthSurface = Surface(truth, size);
        double[] toTruth = DistanceTransform.SquaredDistanceToFeature(truthSurface, size, spacingValues);
        double[] toPredicted = DistanceTransform.SquaredDistanceToFeature(predictedSurface, size, spacingValues);

        var distances = new List<double>();
        for (int i = 0; i < voxels; i++)
        {
            if (predictedSurface[i])
            {
                distances.Add(Math.Sqrt(toTruth[i]));
            }

            if (truthSurface[i])
            {
                distances.Add(Math.Sqrt(toPredicted[i]));
            }
        }

        Span<double> all = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(distances);
        all.Sort();
        double sum = 0;
        foreach (double d in all)
        {
            sum += d;
        }

        return new SurfaceDistances(all[^1], Percentile.OfSorted(all, percentile), sum / all.Length);
    }

    /// <summary>
    /// The boundary voxels of <paramref name="mask"/>: mask voxels with a face neighbour outside the mask or the grid.
    /// </summary>
    /// <param name="mask">One flag per voxel, x fastest.</param>
    /// <param name="size">Grid size, slowest axis first (any number of axes).</param>
    public static bool[] Surface(ReadOnlySpan<bool> mask, IReadOnlyList<int> size)
    {
        ArgumentNullException.ThrowIfNull(size);
        int axes = size.Count;
        Span<int> strides = stackalloc int[axes];
        Span<int> coordinate = stackalloc int[axes];
        int stride = 1;
        for (int a = axes - 1; a >= 0; a--)
        {
            strides[a] = stride;
            stride *= size[a];
        }

        if (stride != mask.Length)
        {
            throw new ArgumentException($"{mask.Length} flags for a grid of {stride} voxels.", nameof(mask));
        }

        var surface = new bool[mask.Length];
        for (int i = 0; i < mask.Length; i++)
        {
            if (mask[i])
            {
                bool boundary = false;
                for (int a = 0; a < axes && !boundary; a++)
                {
                    int c = coordinate[a];
                    int s = strides[a];
                    boundary = c == 0 || c == size[a] - 1 || !mask[i - s] || !mask[i + s];
                }

                surface[i] = boundary;
            }

            // Advance the coordinate (x fastest).
            for (int a = axes - 1; a >= 0; a--)
            {
                if (++coordinate[a] < size[a])
                {
                    break;
                }

                coordinate[a] = 0;
            }
        }

        return surface;
    }
}
