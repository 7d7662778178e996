namespace MLSegmentation.Transforms;

/// <summary>A view of some samples of another dataset, in a given order (a split, a fold, a filtered list).</summary>
public sealed class DatasetSubset : ISegmentationDataset, ISizeHint
{
    private readonly ISegmentationDataset _source;
    private readonly int[] _indices;

    /// <summary>Creates the view of <paramref name="indices"/> of <paramref name="source"/>.</summary>
    public DatasetSubset(ISegmentationDataset source, IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(indices);
        _source = source;
        _indices = [.. indices];
        foreach (int i in _indices)
        {
            if ((uint)i >= (uint)source.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), i, $"Index outside the source's {source.Count} samples.");
            }
        }
    }

    /// <summary>The source dataset's indices of this view's samples.</summary>
    public IReadOnlyList<int> Indices => _indices;

    /// <inheritdoc/>
    public int Count => _indices.Length;

    /// <inheritdoc/>
    public IReadOnlyList<string> ClassNames => _source.ClassNames;

    /// <inheritdoc/>
    public SampleInfo GetInfo(int index) => _source.GetInfo(_indices[index]);

    /// <inheritdoc/>
    public SegmentationSample Load(int index) => _source.Load(_indices[index]);

    int[]? ISizeHint.PeekSize(int index) => (_source as ISizeHint)?.PeekSize(_indices[index]);
}
