namespace MLSegmentation.Transforms;

/// <summary>
/// A 2D or 3D map of integer class indices (0 = background), stored densely in <see cref="Data"/>
/// with layout [height, width] or [depth, height, width]: x varies fastest.
/// </summary>
/// <remarks>
/// Labels are <see cref="int"/> so that any atlas (hundreds of labels) and any file type fits without
/// a second type; a label map is one channel by definition. <see cref="Spacing"/> follows
/// <see cref="Size"/>'s axis order.
/// </remarks>
public sealed class LabelMap
{
    private readonly int[] _size;
    private readonly double[] _spacing;

    /// <summary>Creates a label map, all background when <paramref name="data"/> is null.</summary>
    /// <param name="size">Spatial size, slowest axis first: [height, width] or [depth, height, width].</param>
    /// <param name="data">Labels in [size...] order; its length must be product(size). Not copied.</param>
    /// <param name="spacing">Voxel spacing per spatial axis in the order of <paramref name="size"/>; 1 when null.</param>
    public LabelMap(IReadOnlyList<int> size, int[]? data = null, IReadOnlyList<double>? spacing = null)
    {
        int voxels = GridShape.VoxelCount(size);
        data ??= new int[voxels];
        if (data.Length != voxels)
        {
            throw new ArgumentException($"Data has {data.Length} labels; [{string.Join(", ", size)}] needs {voxels}.", nameof(data));
        }

        _size = size.ToArray();
        _spacing = GridShape.Spacing(spacing, _size.Length);
        Data = data;
    }

    /// <summary>Spatial size, slowest axis first: [height, width] or [depth, height, width].</summary>
    public IReadOnlyList<int> Size => _size;

    /// <summary>Voxel spacing per spatial axis, in the order of <see cref="Size"/>.</summary>
    public IReadOnlyList<double> Spacing => _spacing;

    /// <summary>Number of spatial dimensions: 2 or 3.</summary>
    public int Dimensions => _size.Length;

    /// <summary>Depth (number of slices); 1 for a 2D map.</summary>
    public int Depth => _size.Length == 3 ? _size[0] : 1;

    /// <summary>Height (rows).</summary>
    public int Height => _size[^2];

    /// <summary>Width (columns).</summary>
    public int Width => _size[^1];

    /// <summary>The labels, x fastest. Not a copy.</summary>
#pragma warning disable CA1819 // The dense buffer is the point of this type: transforms work on it in place.
    public int[] Data { get; }
#pragma warning restore CA1819

    /// <summary>The label at row <paramref name="y"/>, column <paramref name="x"/> of a 2D map.</summary>
    public int this[int y, int x]
    {
        get => Data[Index2D(y, x)];
        set => Data[Index2D(y, x)] = value;
    }

    /// <summary>The label at slice <paramref name="z"/>, row <paramref name="y"/>, column <paramref name="x"/> of a 3D map.</summary>
    public int this[int z, int y, int x]
    {
        get => Data[Index3D(z, y, x)];
        set => Data[Index3D(z, y, x)] = value;
    }

    /// <summary>A copy with its own data array.</summary>
    public LabelMap Clone() => new(_size, (int[])Data.Clone(), _spacing);

    /// <summary>The distinct labels present, ascending.</summary>
    public int[] DistinctLabels()
    {
        int[] labels = [.. new HashSet<int>(Data)];
        Array.Sort(labels);
        return labels;
    }

    private int Index2D(int y, int x)
    {
        if (_size.Length != 2)
        {
            throw new InvalidOperationException("A 3D label map needs a slice index.");
        }

        if ((uint)y >= (uint)_size[0] || (uint)x >= (uint)_size[1])
        {
            throw new ArgumentOutOfRangeException(nameof(y), $"({y}, {x}) is outside [{_size[0]}, {_size[1]}].");
        }

        return y * _size[1] + x;
    }

    private int Index3D(int z, int y, int x)
    {
        if (_size.Length != 3)
        {
            throw new InvalidOperationException("A 2D label map has no slice index.");
        }

        if ((uint)z >= (uint)_size[0] || (uint)y >= (uint)_size[1] || (uint)x >= (uint)_size[2])
        {
            throw new ArgumentOutOfRangeException(nameof(z), $"({z}, {y}, {x}) is outside [{_size[0]}, {_size[1]}, {_size[2]}].");
        }

        return (z * _size[1] + y) * _size[2] + x;
    }
}
