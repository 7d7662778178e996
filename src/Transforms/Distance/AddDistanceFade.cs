namespace MLSegmentation.Transforms;

/// <summary>
/// Appends the <see cref="DistanceFade"/> of the sample's labels as one channel of side data. Placed before the
/// augmentations, the fade is computed on the whole sample and then warped with it (nearest), as METHODS.md §1 asks:
/// a crop or patch without ROI keeps the small fade of its distance to the ROI outside it.
/// </summary>
/// <param name="tauSub">τ_sub in pixels.</param>
/// <param name="tauDev">τ_dev in pixels.</param>
public sealed class AddDistanceFade(double tauSub, double tauDev) : ISampleTransform
{
    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The sample has no labels.</exception>
    public SegmentationSample Apply(SegmentationSample sample, SampleRandom random)
    {
        ArgumentNullException.ThrowIfNull(sample);
        LabelMap labels = sample.Labels ?? throw new ArgumentException("the distance fade needs the sample's labels", nameof(sample));
        var fade = new Image(1, labels.Size, DistanceFade.Compute(labels.Data, labels.Size, tauSub, tauDev), sample.Image.Spacing);
        return sample with { SideData = [.. sample.SideData ?? [], fade] };
    }
}
