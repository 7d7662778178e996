namespace MLSegmentation.Transforms;

/// <summary>
/// Patches cut from a dataset of volumes (or large images) by a <see cref="ForegroundPatchSampler"/>:
/// <c>patchesPerVolume</c> samples per volume, sample <c>i</c> from volume <c>i / patchesPerVolume</c>
/// with its centre drawn from <c>SampleRandom(seed, i)</c>, so the same index always gives the same patch.
/// Decoded volumes are cached (a few at a time). For fresh patches every epoch, put the sampler in the
/// augmentation pipeline of a <see cref="BatchLoader"/> over the volume dataset instead: its sample index
/// includes the epoch.
/// </summary>
public sealed class VolumePatchDataset : ISegmentationDataset
{
    /// <summary>The <see cref="SampleRandom"/> purpose key of patch centres.</summary>
    public const long RandomPurpose = 0x50415443; // "PATC"

    private readonly ISegmentationDataset _volumes;
    private readonly VolumeCache _cache;
    private readonly long _seed;

    /// <summary>Creates the patch view.</summary>
    /// <param name="volumes">The volumes (3D, or 2D for 2D patches).</param>
    /// <param name="sampler">How patches are cut.</param>
    /// <param name="patchesPerVolume">Patches per volume per pass.</param>
    /// <param name="seed">The seed of the patch centres.</param>
    /// <param name="cachedVolumes">How many decoded volumes to keep. Default 4.</param>
    public VolumePatchDataset(ISegmentationDataset volumes, ForegroundPatchSampler sampler, int patchesPerVolume, long seed, int cachedVolumes = 4)
    {
        ArgumentNullException.ThrowIfNull(volumes);
        ArgumentNullException.ThrowIfNull(sampler);
        ArgumentOutOfRangeException.ThrowIfLessThan(patchesPerVolume, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(cachedVolumes);
        if ((long)volumes.Count * patchesPerVolume > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(patchesPerVolume), "Too many patches for one dataset.");
        }

        _volumes = volumes;
        Sampler = sampler;
        PatchesPerVolume = patchesPerVolume;
        _seed = seed;
        _cache = new VolumeCache(volumes, cachedVolumes);
    }

    /// <summary>How patches are cut.</summary>
    public ForegroundPatchSampler Sampler { get; }

    /// <summary>Patches per volume.</summary>
    public int PatchesPerVolume { get; }

    /// <inheritdoc/>
    public int Count => _volumes.Count * PatchesPerVolume;

    /// <inheritdoc/>
    public IReadOnlyList<string> ClassNames => _volumes.ClassNames;

    /// <inheritdoc/>
    public SampleInfo GetInfo(int index)
    {
        SampleInfo info = _volumes.GetInfo(Volume(index));
        return info with { Id = $"{info.Id}#patch{index % PatchesPerVolume}" };
    }

    /// <inheritdoc/>
    public SegmentationSample Load(int index)
    {
        int v = Volume(index);
        SegmentationSample volume = _cache.Get(v);
        try
        {
            return Sampler.Apply(volume, new SampleRandom(_seed, index, RandomPurpose));
        }
        catch (ArgumentException e)
        {
            throw new DatasetException(_volumes.GetInfo(v).ImagePaths[0], e.Message, e);
        }
    }

    private int Volume(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return index / PatchesPerVolume;
    }
}
