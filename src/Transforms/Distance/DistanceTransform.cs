namespace MLSegmentation.Transforms;

/// <summary>
/// Exact Euclidean distance transforms of 2D and 3D label maps with anisotropic voxel spacing, in
/// linear time: Felzenszwalb and Huttenlocher's lower envelope of parabolas, one pass per axis.
/// </summary>
/// <remarks>
/// Distances are between voxel centres, in the units of the label map's spacing.
/// The signed transform (CoLab's distance fade, METHODS.md §1) is:
/// <list type="bullet">
/// <item>outside the ROI: + the distance to the nearest ROI voxel (so at least the smallest spacing);</item>
/// <item>inside the ROI: − the distance to the nearest non-ROI voxel (so at most minus the smallest spacing);</item>
/// <item>a map without ROI: +∞ everywhere; a map that is all ROI: −∞ everywhere.</item>
/// </list>
/// </remarks>
public static class DistanceTransform
{
    /// <summary>The signed distance map with ROI = every voxel whose label is greater than 0.</summary>
    /// <returns>A one-channel image of the label map's size and spacing.</returns>
    public static Image SignedDistance(LabelMap labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return SignedMap(labels, labels.Data.Select(l => l > 0).ToArray());
    }

    /// <summary>The signed distance map with ROI = every voxel whose label is in <paramref name="roiLabels"/>.</summary>
    /// <returns>A one-channel image of the label map's size and spacing.</returns>
    public static Image SignedDistance(LabelMap labels, IReadOnlySet<int> roiLabels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(roiLabels);
        return SignedMap(labels, labels.Data.Select(roiLabels.Contains).ToArray());
    }

    /// <summary>
    /// Squared Euclidean distance from every voxel to the nearest voxel where <paramref name="feature"/> is
    /// true (0 on feature voxels, +∞ everywhere when there is none).
    /// </summary>
    /// <param name="feature">One flag per voxel, x fastest.</param>
    /// <param name="size">Spatial size, slowest axis first (any number of axes).</param>
    /// <param name="spacing">Voxel spacing per axis, in the order of <paramref name="size"/>.</param>
    public static double[] SquaredDistanceToFeature(ReadOnlySpan<bool> feature, IReadOnlyList<int> size, IReadOnlyList<double> spacing)
    {
        ArgumentNullException.ThrowIfNull(size);
        ArgumentNullException.ThrowIfNull(spacing);
        if (size.Count != spacing.Count)
        {
            throw new ArgumentException("Size and spacing need one value per axis.", nameof(spacing));
        }

        long count = size.Aggregate(1L, (a, b) => a * b);
        if (count != feature.Length)
        {
            throw new ArgumentException($"{feature.Length} flags for a grid of {count} voxels.", nameof(feature));
        }

        var d = new double[feature.Length];
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = feature[i] ? 0 : double.PositiveInfinity;
        }

        int longest = size.Max();
        var line = new double[longest];
        var result = new double[longest];
        var vertices = new int[longest];
        var boundaries = new double[longest + 1];
        int stride = 1;
        for (int axis = size.Count - 1; axis >= 0; axis--)
        {
            int n = size[axis];
            int block = stride * n;
            for (int outer = 0; outer < d.Length; outer += block)
            {
                for (int inner = 0; inner < stride; inner++)
                {
                    int start = outer + inner;
                    for (int i = 0; i < n; i++)
                    {
                        line[i] = d[start + i * stride];
                    }

                    LowerEnvelope(line.AsSpan(0, n), spacing[axis], result, vertices, boundaries);
                    for (int i = 0; i < n; i++)
                    {
                        d[start + i * stride] = result[i];
                    }
                }
            }

            stride = block;
        }

        return d;
    }

    private static Image SignedMap(LabelMap labels, bool[] roi)
    {
        double[] outside = SquaredDistanceToFeature(roi, labels.Size, labels.Spacing);
        bool[] background = Array.ConvertAll(roi, r => !r);
        double[] inside = SquaredDistanceToFeature(background, labels.Size, labels.Spacing);
        var values = new float[roi.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = roi[i] ? -(float)Math.Sqrt(inside[i]) : (float)Math.Sqrt(outside[i]);
        }

        return new Image(1, labels.Size, values, labels.Spacing);
    }

    /// <summary>
    /// One-dimensional squared distance transform of sampled function <paramref name="f"/> (values may be +∞)
    /// at positions i·<paramref name="spacing"/>: result[p] = min over q of (spacing·(p − q))² + f[q].
    /// </summary>
    private static void LowerEnvelope(ReadOnlySpan<double> f, double spacing, Span<double> result, Span<int> vertices, Span<double> boundaries)
    {
        int n = f.Length;
        int k = -1;
        for (int q = 0; q < n; q++)
        {
            if (double.IsPositiveInfinity(f[q]))
            {
                continue;
            }

            if (k < 0)
            {
                k = 0;
                vertices[0] = q;
                boundaries[0] = double.NegativeInfinity;
                boundaries[1] = double.PositiveInfinity;
                continue;
            }

            double s = Intersection(f, q, vertices[k], spacing);
            while (s <= boundaries[k])
            {
                k--;
                s = Intersection(f, q, vertices[k], spacing);
            }

            k++;
            vertices[k] = q;
            boundaries[k] = s;
            boundaries[k + 1] = double.PositiveInfinity;
        }

        if (k < 0)
        {
            result[..n].Fill(double.PositiveInfinity);
            return;
        }

        k = 0;
        for (int p = 0; p < n; p++)
        {
            double x = p * spacing;
            while (boundaries[k + 1] < x)
            {
                k++;
            }

            double dx = (p - vertices[k]) * spacing;
            result[p] = dx * dx + f[vertices[k]];
        }
    }

    /// <summary>Where the parabolas rooted at q and r (q &gt; r) intersect, in physical units.</summary>
    private static double Intersection(ReadOnlySpan<double> f, int q, int r, double spacing)
    {
        double xq = q * spacing;
        double xr = r * spacing;
        return (f[q] + xq * xq - (f[r] + xr * xr)) / (2 * (xq - xr));
    }
}
