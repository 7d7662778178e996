namespace MLSegmentation.Transforms;

/// <summary>
/// Zooms the sample about its centre by a factor drawn uniformly from [<paramref name="minScale"/>,
/// <paramref name="maxScale"/>] (above 1 magnifies); the output keeps the input's size and the spacing
/// shrinks accordingly. Volumes are zoomed in the (y, x) plane only unless <paramref name="scaleDepth"/> is set.
/// </summary>
public sealed class RandomScaling(double minScale, double maxScale, bool scaleDepth = false, double probability = 1.0) : SpatialTransform
{
    /// <inheritdoc/>
    protected override (int[] OutputSize, double[]? Map) Plan(SegmentationSample sample, SampleRandom random)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(random);
        if (!(minScale > 0 && maxScale >= minScale))
        {
            throw new ArgumentException($"Need 0 < minScale ≤ maxScale, got [{minScale}, {maxScale}].");
        }

        if (!random.Chance(probability))
        {
            return ([.. sample.Image.Size], null);
        }

        double scale = random.Uniform(minScale, maxScale);
        int n = sample.Image.Dimensions;
        double[] linear = Identity(n);
        for (int a = 0; a < n; a++)
        {
            if (a >= n - 2 || scaleDepth)
            {
                linear[a * n + a] = 1 / scale;
            }
        }

        return ([.. sample.Image.Size], AboutCentres(sample.Image.Size, sample.Image.Size, linear));
    }
}
