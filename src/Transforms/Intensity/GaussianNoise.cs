namespace MLSegmentation.Transforms;

/// <summary>Adds independent Gaussian noise whose standard deviation is drawn uniformly from [0, <paramref name="maxSigma"/>] per sample.</summary>
public sealed class GaussianNoise(double maxSigma, double probability = 1.0) : IntensityTransform
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

        double sigma = random.Uniform(0, maxSigma);
        Span<float> data = image.Data;
        for (int i = 0; i < data.Length; i++)
        {
            data[i] += (float)(sigma * random.NextGaussian());
        }
    }
}
