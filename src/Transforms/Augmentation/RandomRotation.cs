namespace MLSegmentation.Transforms;

/// <summary>
/// Rotates the sample in the (y, x) plane (every slice alike for volumes) about its centre by an angle
/// drawn uniformly from ±<paramref name="maxDegrees"/>; the output keeps the input's size.
/// </summary>
/// <param name="maxDegrees">Largest rotation in degrees (METHODS.md §2 uses 30).</param>
/// <param name="probability">Probability of rotating at all. Default 1.</param>
public sealed class RandomRotation(double maxDegrees, double probability = 1.0) : SpatialTransform
{
    /// <inheritdoc/>
    protected override (int[] OutputSize, double[]? Map) Plan(SegmentationSample sample, SampleRandom random)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(random);
        if (!random.Chance(probability))
        {
            return ([.. sample.Image.Size], null);
        }

        double angle = random.Uniform(-maxDegrees, maxDegrees) * Math.PI / 180;
        int n = sample.Image.Dimensions;
        double[] linear = Identity(n);
        (double sin, double cos) = Math.SinCos(angle);
        int y = n - 2, x = n - 1;
        linear[y * n + y] = cos;
        linear[y * n + x] = -sin;
        linear[x * n + y] = sin;
        linear[x * n + x] = cos;
        return ([.. sample.Image.Size], AboutCentres(sample.Image.Size, sample.Image.Size, linear));
    }
}
