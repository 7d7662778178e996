namespace MLSegmentation.Transforms;

/// <summary>
/// The last few decoded volumes of a dataset, shared by threads: views that cut many slices or patches
/// out of one volume decode it once while it stays among the <c>capacity</c> most recently used.
/// </summary>
internal sealed class VolumeCache(ISegmentationDataset source, int capacity)
{
    private readonly LinkedList<(int Index, Lazy<SegmentationSample> Sample)> _recent = new();
    private readonly Lock _lock = new();

    /// <summary>Volume <paramref name="index"/>, decoded at most once while cached.</summary>
    public SegmentationSample Get(int index)
    {
        Lazy<SegmentationSample> entry;
        lock (_lock)
        {
            LinkedListNode<(int Index, Lazy<SegmentationSample> Sample)>? node = _recent.First;
            while (node is not null && node.Value.Index != index)
            {
                node = node.Next;
            }

            if (node is null)
            {
                node = new((index, new Lazy<SegmentationSample>(() => source.Load(index), LazyThreadSafetyMode.ExecutionAndPublication)));
                while (capacity > 0 && _recent.Count >= capacity)
                {
                    _recent.RemoveLast();
                }
            }
            else
            {
                _recent.Remove(node);
            }

            if (capacity > 0)
            {
                _recent.AddFirst(node);
            }

            entry = node.Value.Sample;
        }

        try
        {
            return entry.Value;
        }
        catch
        {
            lock (_lock)
            {
                for (LinkedListNode<(int Index, Lazy<SegmentationSample> Sample)>? n = _recent.First; n is not null; n = n.Next)
                {
                    if (ReferenceEquals(n.Value.Sample, entry))
                    {
                        _recent.Remove(n);
                        break;
                    }
                }
            }

            throw;
        }
    }
}
