namespace MLSegmentation.Transforms;

/// <summary>
/// Decoded samples held in memory (the rows of an ML.NET <c>IDataView</c> whose images are <c>MLImage</c>s, say),
/// checked once when created as <see cref="FileSegmentationDataset"/> checks each file it decodes: image and mask of
/// one size, mask values inside the declared classes. <see cref="Load"/> returns copies, so training transforms never
/// change the held samples. Thread-safe.
/// </summary>
public sealed class InMemorySegmentationDataset : ISegmentationDataset
{
    private readonly SampleInfo[] _infos;
    private readonly SegmentationSample[] _samples;
    private readonly string[] _classNames;

    /// <summary>Holds <paramref name="samples"/> (not copied: do not change them afterwards).</summary>
    /// <param name="infos">Each sample's identity and source (for messages), in the order of <paramref name="samples"/>.</param>
    /// <param name="samples">The samples.</param>
    /// <param name="classNames">Class names (index = class), or empty when undeclared.</param>
    /// <exception cref="ArgumentException">The lists differ in length.</exception>
    /// <exception cref="DatasetException">A mask differs in size from its image, or holds a value outside the classes; the message names the sample.</exception>
    public InMemorySegmentationDataset(IReadOnlyList<SampleInfo> infos, IReadOnlyList<SegmentationSample> samples, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(infos);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(classNames);
        if (infos.Count != samples.Count)
            throw new ArgumentException($"{infos.Count} sample descriptions for {samples.Count} samples", nameof(infos));
        _infos = [.. infos];
        _samples = [.. samples];
        _classNames = [.. classNames];
        for (int i = 0; i < _samples.Length; i++)
        {
            SegmentationSample s = _samples[i] ?? throw new ArgumentNullException(nameof(samples), $"sample {i} is null");
            if (s.Labels is null) continue;
            FileSegmentationDataset.CheckMask(_infos[i].MaskPath ?? _infos[i].Id, _infos[i].ImagePaths[0], s.Image, s.Labels, _classNames);
        }
    }

    /// <inheritdoc/>
    public int Count => _samples.Length;

    /// <inheritdoc/>
    public IReadOnlyList<string> ClassNames => _classNames;

    /// <inheritdoc/>
    public SampleInfo GetInfo(int index) => _infos[CheckIndex(index)];

    /// <inheritdoc/>
    public SegmentationSample Load(int index)
    {
        SegmentationSample s = _samples[CheckIndex(index)];
        return new SegmentationSample(s.Image.Clone(), s.Labels?.Clone());
    }

    private int CheckIndex(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _samples.Length);
        return index;
    }
}
