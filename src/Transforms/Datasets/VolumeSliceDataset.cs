namespace MLSegmentation.Transforms;

/// <summary>
/// The 2D slices of a dataset of 3D volumes along one axis, as a 2D dataset: sample <c>i</c> is slice
/// <c>s</c> of volume <c>v</c>, volumes in order and slices in order within each. Slice counts come from
/// NIfTI headers when the source is file-backed (volumes are decoded only when a slice is loaded); the
/// last few decoded volumes are cached, so loading a volume's slices together decodes it once.
/// </summary>
public sealed class VolumeSliceDataset : ISegmentationDataset
{
    private readonly ISegmentationDataset _volumes;
    private readonly long[] _firstSlice;
    private readonly VolumeCache _cache;

    /// <summary>Creates the slice view.</summary>
    /// <param name="volumes">A dataset of 3D samples.</param>
    /// <param name="axis">The axis cut across, in <see cref="Image.Size"/> order: 0 = depth (z, NIfTI's k), 1 = height (y), 2 = width (x).</param>
    /// <param name="cachedVolumes">How many decoded volumes to keep. Default 4.</param>
    /// <exception cref="DatasetException">A volume's header cannot be read, or a sample is not 3D.</exception>
    public VolumeSliceDataset(ISegmentationDataset volumes, int axis = 0, int cachedVolumes = 4)
    {
        ArgumentNullException.ThrowIfNull(volumes);
        ArgumentOutOfRangeException.ThrowIfNegative(axis);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(axis, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(cachedVolumes);
        _volumes = volumes;
        Axis = axis;
        _cache = new VolumeCache(volumes, cachedVolumes);
        _firstSlice = new long[volumes.Count + 1];
        for (int v = 0; v < volumes.Count; v++)
        {
            int[] size = (volumes as ISizeHint)?.PeekSize(v) ?? [.. _cache.Get(v).Image.Size];
            if (size.Length != 3)
            {
                throw new DatasetException(volumes.GetInfo(v).ImagePaths[0], "is 2D; slices are cut from 3D volumes", null);
            }

            _firstSlice[v + 1] = _firstSlice[v] + size[axis];
        }

        if (_firstSlice[^1] > int.MaxValue)
        {
            throw new ArgumentException("Too many slices for one dataset.", nameof(volumes));
        }
    }

    /// <summary>The axis cut across (0 = depth, 1 = height, 2 = width).</summary>
    public int Axis { get; }

    /// <inheritdoc/>
    public int Count => (int)_firstSlice[^1];

    /// <inheritdoc/>
    public IReadOnlyList<string> ClassNames => _volumes.ClassNames;

    /// <summary>The volume and slice of sample <paramref name="index"/>.</summary>
    public (int Volume, int Slice) Locate(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        int v = Array.BinarySearch(_firstSlice, index);
        v = v >= 0 ? v : ~v - 1;
        while (_firstSlice[v + 1] <= index)
        {
            v++; // skip volumes with no slices along the axis (equal prefix sums)
        }

        return (v, (int)(index - _firstSlice[v]));
    }

    /// <inheritdoc/>
    public SampleInfo GetInfo(int index)
    {
        (int v, int s) = Locate(index);
        SampleInfo info = _volumes.GetInfo(v);
        return info with { Id = $"{info.Id}#axis{Axis}:{s}" };
    }

    /// <inheritdoc/>
    public SegmentationSample Load(int index)
    {
        (int v, int s) = Locate(index);
        SegmentationSample volume = _cache.Get(v);
        if (volume.Image.Dimensions != 3 || volume.Image.Size[Axis] != _firstSlice[v + 1] - _firstSlice[v])
        {
            throw new DatasetException(_volumes.GetInfo(v).ImagePaths[0], $"the volume is [{string.Join("×", volume.Image.Size)}], not what its header said", null);
        }

        Image image = CutImage(volume.Image, s);
        LabelMap? labels = volume.Labels is null ? null : CutLabels(volume.Labels, s);
        return new SegmentationSample(image, labels);
    }

    private Image CutImage(Image volume, int s)
    {
        (int[] size, double[] spacing) = Plane(volume.Size, volume.Spacing);
        int plane = size[0] * size[1];
        var data = new float[volume.Channels * plane];
        for (int c = 0; c < volume.Channels; c++)
        {
            Copy(volume.Data.AsSpan(c * volume.VoxelCount, volume.VoxelCount), volume.Size, s, data.AsSpan(c * plane, plane));
        }

        return new Image(volume.Channels, size, data, spacing);
    }

    private LabelMap CutLabels(LabelMap volume, int s)
    {
        (int[] size, double[] spacing) = Plane(volume.Size, volume.Spacing);
        var data = new int[size[0] * size[1]];
        Copy<int>(volume.Data, volume.Size, s, data);
        return new LabelMap(size, data, spacing);
    }

    private (int[] Size, double[] Spacing) Plane(IReadOnlyList<int> size, IReadOnlyList<double> spacing)
    {
        int[] axes = [.. Enumerable.Range(0, 3).Where(a => a != Axis)];
        return ([size[axes[0]], size[axes[1]]], [spacing[axes[0]], spacing[axes[1]]]);
    }

    private void Copy<T>(ReadOnlySpan<T> volume, IReadOnlyList<int> size, int s, Span<T> slice)
    {
        int d = size[0], h = size[1], w = size[2];
        switch (Axis)
        {
            case 0:
                volume.Slice(s * h * w, h * w).CopyTo(slice);
                break;
            case 1:
                for (int z = 0; z < d; z++)
                {
                    volume.Slice((z * h + s) * w, w).CopyTo(slice.Slice(z * w, w));
                }

                break;
            default:
                for (int z = 0, o = 0; z < d; z++)
                {
                    for (int y = 0; y < h; y++)
                    {
                        slice[o++] = volume[(z * h + y) * w + s];
                    }
                }

                break;
        }
    }
}
