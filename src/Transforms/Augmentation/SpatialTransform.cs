namespace MLSegmentation.Transforms;

/// <summary>
/// A geometric transform: one affine output-to-input map per sample, applied to the image (linear
/// interpolation, fill <see cref="ImageFill"/>), the labels (nearest, fill 0) and the side data (nearest,
/// fill 0), so that every part moves together.
/// </summary>
public abstract class SpatialTransform : ISampleTransform
{
    /// <summary>Value given to image pixels that come from outside the input. Default 0.</summary>
    public float ImageFill { get; init; }

    /// <inheritdoc/>
    public SegmentationSample Apply(SegmentationSample sample, SampleRandom random)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(random);
        sample.Validate();
        (int[] outputSize, double[]? map) = Plan(sample, random);
        if (map is null)
        {
            return sample;
        }

        return new SegmentationSample(
            AffineWarp.Warp(sample.Image, outputSize, map, Interpolation.Linear, ImageFill),
            sample.Labels is null ? null : AffineWarp.Warp(sample.Labels, outputSize, map),
            sample.SideData?.Select(s => AffineWarp.Warp(s, outputSize, map, Interpolation.Nearest)).ToArray());
    }

    /// <summary>
    /// The output size and the output-to-input map (see <see cref="AffineWarp"/>) for this sample, or a null
    /// map to leave the sample unchanged.
    /// </summary>
    protected abstract (int[] OutputSize, double[]? Map) Plan(SegmentationSample sample, SampleRandom random);

    /// <summary>
    /// The map input = centreIn + R·(output − centreOut) for a linear part <paramref name="linear"/> (n × n, row-major),
    /// with centres at the grids' middles in voxel-centre coordinates.
    /// </summary>
    protected static double[] AboutCentres(IReadOnlyList<int> inputSize, IReadOnlyList<int> outputSize, double[] linear)
    {
        ArgumentNullException.ThrowIfNull(inputSize);
        ArgumentNullException.ThrowIfNull(outputSize);
        ArgumentNullException.ThrowIfNull(linear);
        int n = inputSize.Count;
        var map = new double[n * (n + 1)];
        for (int a = 0; a < n; a++)
        {
            double offset = (inputSize[a] - 1) / 2.0;
            for (int b = 0; b < n; b++)
            {
                map[a * (n + 1) + b] = linear[a * n + b];
                offset -= linear[a * n + b] * (outputSize[b] - 1) / 2.0;
            }

            map[a * (n + 1) + n] = offset;
        }

        return map;
    }

    /// <summary>The n × n identity, row-major.</summary>
    protected static double[] Identity(int n)
    {
        var m = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            m[i * n + i] = 1;
        }

        return m;
    }
}
