namespace MLSegmentation.Transforms;

/// <summary>
/// Transforms applied in order, with randomness that depends only on (seed, sample index): sample
/// <c>i</c> comes out the same on any worker thread, in any order. Pass a different index per epoch
/// (e.g. epoch × dataset size + i) to draw fresh augmentations each epoch. Thread-safe.
/// </summary>
/// <param name="seed">The run's seed.</param>
/// <param name="transforms">The steps, applied first to last.</param>
public sealed class TransformPipeline(long seed, params IReadOnlyList<ISampleTransform> transforms)
{
    /// <summary>The <see cref="SampleRandom"/> purpose key of augmentation.</summary>
    public const long RandomPurpose = 0x4155474D; // "AUGM"

    /// <summary>Runs every step on <paramref name="sample"/>.</summary>
    public SegmentationSample Apply(SegmentationSample sample, long sampleIndex)
    {
        var random = new SampleRandom(seed, sampleIndex, RandomPurpose);
        foreach (ISampleTransform t in transforms)
        {
            sample = t.Apply(sample, random);
        }

        return sample;
    }
}
