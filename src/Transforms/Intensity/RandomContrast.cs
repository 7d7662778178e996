namespace MLSegmentation.Transforms;

/// <summary>Scales each channel's deviations from its mean by a factor drawn uniformly from [<paramref name="minFactor"/>, <paramref name="maxFactor"/>].</summary>
public sealed class RandomContrast(double minFactor, double maxFactor, double probability = 1.0) : IntensityTransform
{
    /// <inheritdoc/>
    protected override void Transform(Image image, SampleRandom random)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(random);
        if (!random.Chance(probability))
        {
            return;
        }

        double factor = random.Uniform(minFactor, maxFactor);
        for (int c = 0; c < image.Channels; c++)
        {
            Span<float> values = Channel(image, c);
            double mean = Moments(values).Mean;
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (float)(mean + factor * (values[i] - mean));
            }
        }
    }
}
