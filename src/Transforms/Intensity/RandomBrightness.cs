namespace MLSegmentation.Transforms;

/// <summary>Adds one shift drawn uniformly from ±<paramref name="maxShift"/> (in the image's units) to every value.</summary>
public sealed class RandomBrightness(double maxShift, double probability = 1.0) : IntensityTransform
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

        float shift = (float)random.Uniform(-maxShift, maxShift);
        Span<float> data = image.Data;
        for (int i = 0; i < data.Length; i++)
        {
            data[i] += shift;
        }
    }
}
