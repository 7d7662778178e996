namespace MLSegmentation.Transforms;

/// <summary>(value − mean[c]) / std[c] with fixed per-channel statistics, e.g. ImageNet's (0–255 scale) or a dataset's.</summary>
public sealed class FixedNormalization : IntensityTransform
{
    private readonly double[] _mean;
    private readonly double[] _std;

    /// <summary>Creates the normalisation; one mean and one positive std per channel.</summary>
    public FixedNormalization(IReadOnlyList<double> mean, IReadOnlyList<double> std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Count != std.Count || mean.Count == 0 || std.Any(s => !(s > 0)))
        {
            throw new ArgumentException("Need as many means as positive standard deviations, one per channel.");
        }

        _mean = [.. mean];
        _std = [.. std];
    }

    /// <inheritdoc/>
    protected override void Transform(Image image, SampleRandom random)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Channels != _mean.Length)
        {
            throw new ArgumentException($"Statistics for {_mean.Length} channel(s), image has {image.Channels}.", nameof(image));
        }

        for (int c = 0; c < image.Channels; c++)
        {
            Span<float> values = Channel(image, c);
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (float)((values[i] - _mean[c]) / _std[c]);
            }
        }
    }
}
