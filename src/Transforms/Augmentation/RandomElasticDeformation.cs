namespace MLSegmentation.Transforms;

/// <summary>
/// Elastic deformation (Simard et al.): a random displacement field, uniform noise smoothed by a Gaussian
/// of σ = <paramref name="smoothness"/> voxels and scaled so that the largest displacement is
/// <paramref name="magnitude"/> voxels, moves every voxel; the image is resampled linearly, labels and side
/// data with nearest interpolation, through the same field. Volumes deform in the (y, x) plane only
/// unless <paramref name="deformDepth"/> is set (their slices are often much thicker).
/// </summary>
/// <param name="magnitude">Largest displacement, in voxels.</param>
/// <param name="smoothness">σ of the smoothing Gaussian, in voxels (larger = smoother, more global warps).</param>
/// <param name="probability">Probability of deforming at all. Default 1.</param>
/// <param name="deformDepth">Also displace volumes along z. Default false.</param>
public sealed class RandomElasticDeformation(double magnitude, double smoothness, double probability = 1.0, bool deformDepth = false) : ISampleTransform
{
    /// <inheritdoc/>
    public SegmentationSample Apply(SegmentationSample sample, SampleRandom random)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(random);
        sample.Validate();
        if (!(magnitude >= 0 && smoothness > 0))
        {
            throw new ArgumentException($"Need magnitude ≥ 0 and smoothness > 0, got {magnitude} and {smoothness}.");
        }

        if (!random.Chance(probability))
        {
            return sample;
        }

        IReadOnlyList<int> size = sample.Image.Size;
        int n = size.Count;
        int voxels = sample.Image.VoxelCount;
        var field = new float[n][];
        for (int a = 0; a < n; a++)
        {
            field[a] = new float[voxels];
            if (a < n - 2 && !deformDepth)
            {
                continue;
            }

            for (int i = 0; i < voxels; i++)
            {
                field[a][i] = (float)random.Uniform(-1, 1);
            }

            GaussianFilter.Apply(field[a], size, smoothness);
            float largest = field[a].Max(Math.Abs);
            float scale = largest > 0 ? (float)(magnitude / largest) : 0;
            for (int i = 0; i < voxels; i++)
            {
                field[a][i] *= scale;
            }
        }

        double[] identity = new double[n * (n + 1)];
        for (int a = 0; a < n; a++)
        {
            identity[a * (n + 1) + a] = 1;
        }

        return new SegmentationSample(
            AffineWarp.Warp(sample.Image, size, identity, Interpolation.Linear, 0, field),
            sample.Labels is null ? null : AffineWarp.Warp(sample.Labels, size, identity, 0, field),
            sample.SideData?.Select(s => AffineWarp.Warp(s, size, identity, Interpolation.Nearest, 0, field)).ToArray());
    }
}
