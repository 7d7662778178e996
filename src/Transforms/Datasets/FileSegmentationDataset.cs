namespace MLSegmentation.Transforms;

/// <summary>
/// A dataset of image and mask files, decoded on access: PNG and JPEG images with PNG (or JPEG) masks,
/// or NIfTI volumes with NIfTI label volumes; several image files per sample are modalities, stacked as
/// channels. Every decoded sample is checked: modalities and mask of one size, mask values inside the
/// declared classes (or non-negative when none are declared). Built by <see cref="FolderDataset"/>,
/// <see cref="DecathlonDataset"/> and <see cref="ManifestDataset"/>, or from a list. Thread-safe.
/// </summary>
public sealed class FileSegmentationDataset : ISegmentationDataset, ISizeHint
{
    private readonly SampleInfo[] _samples;
    private readonly string[] _classNames;

    /// <summary>Creates a dataset over listed samples.</summary>
    /// <param name="samples">The samples; ids must be unique.</param>
    /// <param name="classNames">Class names (index = class), or empty when undeclared.</param>
    /// <param name="maskEncoding">How masks encode classes.</param>
    /// <param name="skipped">Samples left out when the dataset was opened, for <see cref="Skipped"/>.</param>
    public FileSegmentationDataset(IReadOnlyList<SampleInfo> samples, IReadOnlyList<string> classNames, MaskEncoding maskEncoding = MaskEncoding.Auto, IReadOnlyList<SkippedSample>? skipped = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(classNames);
        _samples = [.. samples];
        _classNames = [.. classNames];
        MaskEncoding = maskEncoding;
        Skipped = skipped ?? [];
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (SampleInfo s in _samples)
        {
            ArgumentNullException.ThrowIfNull(s);
            if (s.ImagePaths.Count == 0)
            {
                throw new ArgumentException($"{s} has no image file.", nameof(samples));
            }

            if (!ids.Add(s.Id))
            {
                throw new ArgumentException($"Two samples share the id '{s.Id}'.", nameof(samples));
            }
        }
    }

    /// <inheritdoc/>
    public int Count => _samples.Length;

    /// <inheritdoc/>
    public IReadOnlyList<string> ClassNames => _classNames;

    /// <summary>How masks encode classes.</summary>
    public MaskEncoding MaskEncoding { get; }

    /// <summary>The samples left out when the dataset was opened (with skipping on); empty otherwise.</summary>
    public IReadOnlyList<SkippedSample> Skipped { get; }

    /// <summary>Every sample's files, in index order.</summary>
    public IReadOnlyList<SampleInfo> Samples => _samples;

    /// <inheritdoc/>
    public SampleInfo GetInfo(int index) => _samples[CheckIndex(index)];

    /// <inheritdoc/>
    public SegmentationSample Load(int index)
    {
        SampleInfo info = _samples[CheckIndex(index)];
        Image image = ReadModalities(info);
        if (info.MaskPath is null)
        {
            return new SegmentationSample(image);
        }

        LabelMap mask = SampleFiles.ReadMask(info.MaskPath, MaskEncoding, _classNames.Length);
        CheckMask(info.MaskPath, info.ImagePaths[0], image, mask, _classNames);
        return new SegmentationSample(image, new LabelMap(mask.Size, mask.Data, image.Spacing));
    }

    /// <summary>
    /// Decodes every sample once and returns the dataset of those that load, reporting each bad one to
    /// <paramref name="sampleSkipped"/>; with <paramref name="skipBadSamples"/> false, the first bad
    /// sample throws instead. Use it to find content problems (corrupt files, size mismatches, stray mask
    /// values) before training rather than during it.
    /// </summary>
    /// <exception cref="DatasetException">A sample is bad and <paramref name="skipBadSamples"/> is false.</exception>
    public FileSegmentationDataset Verify(bool skipBadSamples = false, Action<SkippedSample>? sampleSkipped = null)
    {
        var good = new List<SampleInfo>();
        var skipped = new List<SkippedSample>(Skipped);
        for (int i = 0; i < _samples.Length; i++)
        {
            try
            {
                Load(i);
                good.Add(_samples[i]);
            }
            catch (DatasetException e) when (skipBadSamples)
            {
                var s = new SkippedSample(e.FilePath ?? _samples[i].ImagePaths[0], e.Problem);
                skipped.Add(s);
                sampleSkipped?.Invoke(s);
            }
        }

        return new FileSegmentationDataset(good, _classNames, MaskEncoding, skipped);
    }

    int[]? ISizeHint.PeekSize(int index)
    {
        SampleInfo info = _samples[CheckIndex(index)];
        return SampleFiles.PeekVolumeSize(info.MaskPath ?? info.ImagePaths[0]);
    }

    private static Image ReadModalities(SampleInfo info)
    {
        Image first = SampleFiles.ReadImage(info.ImagePaths[0]);
        if (info.ImagePaths.Count == 1)
        {
            return first;
        }

        var parts = new List<Image> { first };
        foreach (string path in info.ImagePaths.Skip(1))
        {
            Image m = SampleFiles.ReadImage(path);
            if (!m.Size.SequenceEqual(first.Size))
            {
                throw new DatasetException(path, $"this modality is {Shape(m.Size)} but '{info.ImagePaths[0]}' is {Shape(first.Size)} (size mismatch between modalities)", null);
            }

            parts.Add(m);
        }

        int channels = parts.Sum(p => p.Channels);
        var data = new float[(long)channels * first.VoxelCount];
        int offset = 0;
        foreach (Image p in parts)
        {
            p.Data.CopyTo(data, offset);
            offset += p.Data.Length;
        }

        return new Image(channels, first.Size, data, first.Spacing);
    }

    /// <summary>
    /// Throws, naming <paramref name="path"/>, when the mask's size differs from its image's, or (naming the pixel) when a
    /// mask value is negative or outside <paramref name="classNames"/> (when any are declared).
    /// </summary>
    internal static void CheckMask(string path, string imageSource, Image image, LabelMap mask, IReadOnlyList<string> classNames)
    {
        if (!mask.Size.SequenceEqual(image.Size))
        {
            throw new DatasetException(path, $"the mask is {Shape(mask.Size)} but its image '{imageSource}' is {Shape(image.Size)} (image/mask size mismatch)", null);
        }

        int limit = classNames.Count == 0 ? int.MaxValue : classNames.Count;
        int[] data = mask.Data;
        for (int i = 0; i < data.Length; i++)
        {
            int v = data[i];
            if (v < 0 || v >= limit)
            {
                string where = Position(mask, i);
                string declared = classNames.Count == 0 ? "labels must be non-negative" : $"outside the {classNames.Count} declared classes (0–{classNames.Count - 1}: {string.Join(", ", classNames)})";
                throw new DatasetException(path, $"mask value {v} at {where} is {declared}", null);
            }
        }
    }

    private static string Position(LabelMap mask, int index)
    {
        int x = index % mask.Width;
        int y = index / mask.Width % mask.Height;
        int z = index / (mask.Width * mask.Height);
        return mask.Dimensions == 3 ? $"(z {z}, y {y}, x {x})" : $"(y {y}, x {x})";
    }

    private static string Shape(IReadOnlyList<int> size) => $"[{string.Join("×", size)}]";

    private int CheckIndex(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _samples.Length);
        return index;
    }
}
