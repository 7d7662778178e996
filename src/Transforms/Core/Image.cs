namespace MLSegmentation.Transforms;

/// <summary>
/// A multi-channel 2D image or 3D volume of <see cref="float"/> values, stored densely in
/// <see cref="Data"/> with layout [channels, height, width] (2D) or [channels, depth, height, width]
/// (3D): the last axis (x) varies fastest.
/// </summary>
/// <remarks>
/// Values are kept as the file stored them (0–255 for 8-bit PNG and JPEG, 0–65535 for 16-bit PNG,
/// scaled values for NIfTI); normalisation is a separate transform. <see cref="Spacing"/> gives the
/// physical size of a voxel along each spatial axis, in the same order as <see cref="Size"/>.
/// </remarks>
public sealed class Image
{
    private readonly int[] _size;
    private readonly double[] _spacing;

    /// <summary>Creates an image, zero-filled when <paramref name="data"/> is null.</summary>
    /// <param name="channels">Number of channels (at least 1).</param>
    /// <param name="size">Spatial size, slowest axis first: [height, width] or [depth, height, width].</param>
    /// <param name="data">Values in [channels, size...] order; its length must be channels × product(size). Not copied.</param>
    /// <param name="spacing">Voxel spacing per spatial axis in the order of <paramref name="size"/>; 1 when null.</param>
    public Image(int channels, IReadOnlyList<int> size, float[]? data = null, IReadOnlyList<double>? spacing = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        int voxels = GridShape.VoxelCount(size);
        if ((long)voxels * channels > Array.MaxLength)
        {
            throw new ArgumentException("The image is too large for one array.", nameof(channels));
        }

        data ??= new float[voxels * channels];
        if (data.Length != voxels * channels)
        {
            throw new ArgumentException($"Data has {data.Length} values; {channels} channel(s) of [{string.Join(", ", size)}] need {voxels * channels}.", nameof(data));
        }

        Channels = channels;
        _size = size.ToArray();
        _spacing = GridShape.Spacing(spacing, _size.Length);
        VoxelCount = voxels;
        Data = data;
    }

    /// <summary>Number of channels.</summary>
    public int Channels { get; }

    /// <summary>Spatial size, slowest axis first: [height, width] or [depth, height, width].</summary>
    public IReadOnlyList<int> Size => _size;

    /// <summary>Voxel spacing per spatial axis, in the order of <see cref="Size"/>.</summary>
    public IReadOnlyList<double> Spacing => _spacing;

    /// <summary>Number of spatial dimensions: 2 or 3.</summary>
    public int Dimensions => _size.Length;

    /// <summary>Depth (number of slices); 1 for a 2D image.</summary>
    public int Depth => _size.Length == 3 ? _size[0] : 1;

    /// <summary>Height (rows).</summary>
    public int Height => _size[^2];

    /// <summary>Width (columns).</summary>
    public int Width => _size[^1];

    /// <summary>Number of voxels in one channel.</summary>
    public int VoxelCount { get; }

    /// <summary>The values, [channels, size...] with x fastest. Not a copy.</summary>
#pragma warning disable CA1819 // The dense buffer is the point of this type: transforms work on it in place.
    public float[] Data { get; }
#pragma warning restore CA1819

    /// <summary>The value of channel <paramref name="c"/> at row <paramref name="y"/>, column <paramref name="x"/> of a 2D image.</summary>
    public float this[int c, int y, int x]
    {
        get => Data[Index2D(c, y, x)];
        set => Data[Index2D(c, y, x)] = value;
    }

    /// <summary>The value of channel <paramref name="c"/> at slice <paramref name="z"/>, row <paramref name="y"/>, column <paramref name="x"/> of a 3D image.</summary>
    public float this[int c, int z, int y, int x]
    {
        get => Data[Index3D(c, z, y, x)];
        set => Data[Index3D(c, z, y, x)] = value;
    }

    /// <summary>A copy with its own data array.</summary>
    public Image Clone() => new(Channels, _size, (float[])Data.Clone(), _spacing);

    private int Index2D(int c, int y, int x)
    {
        if (_size.Length != 2)
        {
            throw new InvalidOperationException("A 3D image needs a slice index.");
        }

        CheckIndex(c, Channels);
        CheckIndex(y, _size[0]);
        CheckIndex(x, _size[1]);
        return ((c * _size[0]) + y) * _size[1] + x;
    }

    private int Index3D(int c, int z, int y, int x)
    {
        if (_size.Length != 3)
        {
            throw new InvalidOperationException("A 2D image has no slice index.");
        }

        CheckIndex(c, Channels);
        CheckIndex(z, _size[0]);
        CheckIndex(y, _size[1]);
        CheckIndex(x, _size[2]);
        return (((c * _size[0]) + z) * _size[1] + y) * _size[2] + x;
    }

    private static void CheckIndex(int i, int length)
    {
        if ((uint)i >= (uint)length)
        {
            throw new ArgumentOutOfRangeException(nameof(i), i, $"Index outside [0, {length}).");
        }
    }
}
