namespace MLSegmentation.Transforms;

/// <summary>A transform of the image's values only: labels and side data pass through unchanged.</summary>
public abstract class IntensityTransform : ISampleTransform
{
    /// <inheritdoc/>
    public SegmentationSample Apply(SegmentationSample sample, SampleRandom random)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(random);
        Image image = sample.Image.Clone();
        Transform(image, random);
        return sample with { Image = image };
    }

    /// <summary>Changes <paramref name="image"/> (a private copy) in place.</summary>
    protected abstract void Transform(Image image, SampleRandom random);

    /// <summary>The values of channel <paramref name="c"/>.</summary>
    protected static Span<float> Channel(Image image, int c)
    {
        ArgumentNullException.ThrowIfNull(image);
        return image.Data.AsSpan(c * image.VoxelCount, image.VoxelCount);
    }

    /// <summary>Mean and standard deviation of <paramref name="values"/>.</summary>
    protected static (double Mean, double Std) Moments(ReadOnlySpan<float> values)
    {
        double sum = 0, sumSquares = 0;
        foreach (float v in values)
        {
            sum += v;
            sumSquares += (double)v * v;
        }

        double mean = sum / values.Length;
        return (mean, Math.Sqrt(Math.Max(0, sumSquares / values.Length - mean * mean)));
    }
}
