namespace MLSegmentation.Transforms;

/// <summary>
/// An image with its label map and per-pixel side data (distance maps, attention masks, ...), which
/// geometric transforms move together: the image with linear interpolation, the labels and the side
/// data with nearest interpolation.
/// </summary>
/// <param name="Image">The image.</param>
/// <param name="Labels">Its label map (same spatial size), or null for unlabelled images.</param>
/// <param name="SideData">Per-pixel data of the same spatial size, or null for none.</param>
public sealed record SegmentationSample(Image Image, LabelMap? Labels = null, IReadOnlyList<Image>? SideData = null)
{
    /// <summary>Throws <see cref="ArgumentException"/> when a part's spatial size differs from the image's.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Image);
        if (Labels is not null && !Labels.Size.SequenceEqual(Image.Size))
        {
            throw new ArgumentException($"The label map is [{string.Join(", ", Labels.Size)}], the image [{string.Join(", ", Image.Size)}].");
        }

        foreach (Image side in SideData ?? [])
        {
            if (!side.Size.SequenceEqual(Image.Size))
            {
                throw new ArgumentException($"Side data of [{string.Join(", ", side.Size)}] does not match the image [{string.Join(", ", Image.Size)}].");
            }
        }
    }
}
