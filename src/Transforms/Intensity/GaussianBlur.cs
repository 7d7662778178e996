namespace MLSegmentation.Transforms;

/// <summary>
/// Blurs every channel with a Gaussian whose standard deviation (in voxels, the same on every spatial axis)
/// is drawn uniformly from [<paramref name="minSigma"/>, <paramref name="maxSigma"/>]; separable, kernel radius
/// ⌈3σ⌉, borders replicated.
/// </summary>
public sealed class GaussianBlur(double minSigma, double maxSigma, double probability = 1.0) : IntensityTransform
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

        double sigma = random.Uniform(minSigma, maxSigma);
        if (!(sigma > 0))
        {
            return;
        }

        for (int c = 0; c < image.Channels; c++)
        {
            GaussianFilter.Apply(Channel(image, c), image.Size, sigma);
        }
    }
}
