namespace MLSegmentation.Transforms;

/// <summary>
/// CT-style windowing: clips every value to [<paramref name="lower"/>, <paramref name="upper"/>] (e.g. Hounsfield
/// units −160…240 for abdominal soft tissue) and maps that range linearly to [0, 1].
/// </summary>
public sealed class IntensityWindow(double lower, double upper) : IntensityTransform
{
    /// <inheritdoc/>
    protected override void Transform(Image image, SampleRandom random)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (!(upper > lower))
        {
            throw new ArgumentException($"The window needs upper > lower, got [{lower}, {upper}].");
        }

        Span<float> data = image.Data;
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (float)((Math.Clamp(data[i], lower, upper) - lower) / (upper - lower));
        }
    }
}
