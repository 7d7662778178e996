namespace MLSegmentation.Transforms;

/// <summary>
/// Gamma correction with γ drawn uniformly from [<paramref name="minGamma"/>, <paramref name="maxGamma"/>]:
/// each channel is mapped to [0, 1] by its own range, raised to γ and mapped back, so its minimum and maximum stay.
/// </summary>
public sealed class RandomGamma(double minGamma, double maxGamma, double probability = 1.0) : IntensityTransform
{
    /// <inheritdoc/>
    protected override void Transform(Image image, SampleRandom random)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(random);
        if (!(minGamma > 0 && maxGamma >= minGamma))
        {
            throw new ArgumentException($"Need 0 < minGamma ≤ maxGamma, got [{minGamma}, {maxGamma}].");
        }

        if (!random.Chance(probability))
        {
            return;
        }

        double gamma = random.Uniform(minGamma, maxGamma);
        for (int c = 0; c < image.Channels; c++)
        {
            Span<float> values = Channel(image, c);
            float min = float.PositiveInfinity, max = float.NegativeInfinity;
            foreach (float v in values)
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }

            double range = max - min;
            if (!(range > 0))
            {
                continue;
            }

            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (float)(min + range * Math.Pow((values[i] - min) / range, gamma));
            }
        }
    }
}
