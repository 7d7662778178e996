namespace MLSegmentation.Transforms;

/// <summary>Per-image, per-channel z-score: (value − mean) / std (std below 1e-8 counts as 1).</summary>
public sealed class ZScoreNormalization : IntensityTransform
{
    /// <inheritdoc/>
    protected override void Transform(Image image, SampleRandom random)
    {
        ArgumentNullException.ThrowIfNull(image);
        for (int c = 0; c < image.Channels; c++)
        {
            Span<float> values = Channel(image, c);
            (double mean, double std) = Moments(values);
            double scale = std < 1e-8 ? 1 : 1 / std;
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (float)((values[i] - mean) * scale);
            }
        }
    }
}
