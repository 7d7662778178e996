namespace MLSegmentation.Torch;

/// <summary>One entry of a <see cref="Tensor"/> index: an integer, a slice, an ellipsis, a new axis or a tensor.</summary>
public readonly struct TensorIndex
{
    private enum Kind { Single, Slice, Ellipsis, NewAxis, Tensor }

    private readonly Kind _kind;
    private readonly long _index;
    private readonly long? _start;
    private readonly long? _end;
    private readonly long _step;
    private readonly Tensor? _tensor;

    private TensorIndex(Kind kind, long index = 0, long? start = null, long? end = null, long step = 1, Tensor? tensor = null)
    {
        _kind = kind;
        _index = index;
        _start = start;
        _end = end;
        _step = step;
        _tensor = tensor;
    }

    /// <summary>Fills the dimensions not named by the other entries.</summary>
    public static TensorIndex Ellipsis => new(Kind.Ellipsis);

    /// <summary>Inserts a dimension of size 1.</summary>
    public static TensorIndex None => new(Kind.NewAxis);

    /// <summary>Selects one position (negative counts from the end).</summary>
    public static TensorIndex Single(long index) => new(Kind.Single, index);

    /// <summary>Positions start..end (exclusive) by step; null ends are open.</summary>
    public static TensorIndex Slice(long? start = null, long? end = null, long step = 1) => new(Kind.Slice, start: start, end: end, step: step);

    /// <summary>Indexes by a bool mask or int64 indices.</summary>
    public static TensorIndex Tensor(Tensor index) => new(Kind.Tensor, tensor: index);

#pragma warning disable CS1591, CA2225 // conversions for x[0, .., 2..]; the named factories above are the alternates
    public static implicit operator TensorIndex(long index) => Single(index);
    public static implicit operator TensorIndex(int index) => Single(index);
    public static implicit operator TensorIndex(Range range) => Slice(
        range.Start.IsFromEnd ? (range.Start.Value == 0 ? long.MaxValue : -range.Start.Value) : range.Start.Value,
        range.End.IsFromEnd ? (range.End.Value == 0 ? null : -range.End.Value) : range.End.Value);
    public static implicit operator TensorIndex(Tensor index) => Tensor(index);
#pragma warning restore CS1591, CA2225

    internal static Tensor Apply(Tensor source, TensorIndex[] indices)
    {
        Tensor current = Resolve(source, indices, out Tensor?[]? tensorIndices);
        if (tensorIndices is null) return current;
        using (current)
        {
            return current.index(tensorIndices);
        }
    }

    /// <summary>
    /// <c>source[indices] = value</c>: a copy into the view for basic indexing, an in-place
    /// <c>index_put_</c> when tensors index (advanced indexing gives a copy, not a view).
    /// </summary>
    internal static void Assign(Tensor source, TensorIndex[] indices, Tensor value)
    {
        using Tensor view = Resolve(source, indices, out Tensor?[]? tensorIndices);
        if (tensorIndices is null)
        {
            view.copy_(value);
            return;
        }
        view.index_put_(tensorIndices, value);
    }

    /// <summary>Applies the basic entries (integers, slices, new axes) as views; returns the advanced (tensor) entries per remaining dimension, or null when there are none.</summary>
    private static Tensor Resolve(Tensor source, TensorIndex[] indices, out Tensor?[]? advanced)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(indices);
        int consumed = 0;
        int ellipses = 0;
        foreach (TensorIndex i in indices)
        {
            if (i._kind is Kind.Single or Kind.Slice) consumed++;
            else if (i._kind == Kind.Tensor)
            {
                ArgumentNullException.ThrowIfNull(i._tensor, nameof(indices));
                consumed += i._tensor.dtype is ScalarType.Bool or ScalarType.Byte ? Math.Max(1, i._tensor.dim()) : 1;
            }
            else if (i._kind == Kind.Ellipsis) ellipses++;
        }
        int rank = source.dim();
        if (ellipses > 1) throw new ArgumentException("an index can only have a single ellipsis");
        if (consumed > rank)
            throw new ArgumentException($"too many indices ({consumed}) for a tensor of {rank} dimensions");
        var tensorIndices = new List<Tensor?>();
        bool anyTensor = false;
        Tensor current = source.alias();
        long dim = 0;
        try
        {
            foreach (TensorIndex index in indices)
            {
                Tensor next;
                switch (index._kind)
                {
                    case Kind.Single:
                        next = current.select(dim, index._index);
                        break;
                    case Kind.Slice:
                        next = current.slice(dim, index._start, index._end, index._step);
                        tensorIndices.Add(null);
                        dim++;
                        break;
                    case Kind.NewAxis:
                        next = current.unsqueeze(dim);
                        tensorIndices.Add(null);
                        dim++;
                        break;
                    case Kind.Ellipsis:
                        long skip = rank - consumed;
                        for (long k = 0; k < skip; k++) tensorIndices.Add(null);
                        dim += skip;
                        continue;
                    default:
                        tensorIndices.Add(index._tensor);
                        anyTensor = true;
                        dim += index._tensor!.dtype is ScalarType.Bool or ScalarType.Byte ? Math.Max(1, index._tensor.dim()) : 1;
                        continue;
                }
                current.Dispose();
                current = next;
            }
        }
        catch
        {
            current.Dispose();
            throw;
        }
        advanced = anyTensor ? tensorIndices.ToArray() : null;
        return current;
    }
}
