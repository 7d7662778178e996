namespace MLSegmentation.Transforms;

/// <summary>
/// Normalises each sample's image with an <see cref="InputNormalization"/> (z-score per image and channel, fixed
/// per-channel statistics, or a scale): the same arithmetic the exported model's scorers apply.
/// </summary>
public sealed class NormalizeIntensity(InputNormalization normalization) : IntensityTransform
{
    private readonly InputNormalization _normalization = normalization ?? throw new ArgumentNullException(nameof(normalization));

    /// <summary>The normalisation applied.</summary>
    public InputNormalization Normalization => _normalization;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">A fixed normalisation has statistics for another number of channels.</exception>
    protected override void Transform(Image image, SampleRandom random)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (_normalization.Kind == NormalizationKind.Fixed && _normalization.Mean.Count != image.Channels)
            throw new ArgumentException($"Statistics for {_normalization.Mean.Count} channel(s), image has {image.Channels}.", nameof(image));
        _normalization.Apply(image.Data, image.Data, image.Channels);
    }
}
