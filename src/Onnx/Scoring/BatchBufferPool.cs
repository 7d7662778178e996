namespace MLSegmentation.Onnx;

/// <summary>
/// Keeps a few <see cref="BatchBuffers"/> for reuse across batches and calls (thread-safe). At most
/// <c>capacity</c> idle buffers are kept (most recently returned first); others are disposed, so images of many
/// different sizes do not accumulate memory.
/// </summary>
internal sealed class BatchBufferPool : IDisposable
{
    private readonly InferenceSession _session;
    private readonly SegmentationModelInfo _model;
    private readonly int _capacity;
    private readonly List<BatchBuffers> _idle = [];
    private bool _disposed;

    public BatchBufferPool(InferenceSession session, SegmentationModelInfo model, int capacity)
    {
        _session = session;
        _model = model;
        _capacity = capacity;
    }

    /// <summary>Idle buffers of <paramref name="key"/>, or new ones; the caller returns them with <see cref="Return"/>.</summary>
    public BatchBuffers Rent(BatchKey key)
    {
        lock (_idle)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            for (var i = _idle.Count - 1; i >= 0; i--)
            {
                if (_idle[i].Key == key)
                {
                    var found = _idle[i];
                    _idle.RemoveAt(i);
                    return found;
                }
            }
        }
        return new BatchBuffers(_session, _model, key);
    }

    /// <summary>Takes buffers back for reuse (or disposes them when the pool is full or disposed).</summary>
    public void Return(BatchBuffers buffers)
    {
        BatchBuffers? evicted = buffers;
        lock (_idle)
        {
            if (!_disposed)
            {
                _idle.Add(buffers);
                evicted = null;
                if (_idle.Count > _capacity)
                {
                    evicted = _idle[0];
                    _idle.RemoveAt(0);
                }
            }
        }
        evicted?.Dispose();
    }

    /// <summary>Disposes the idle buffers; buffers rented out are disposed when returned.</summary>
    public void Dispose()
    {
        List<BatchBuffers> idle;
        lock (_idle)
        {
            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
        }
        idle.ForEach(b => b.Dispose());
    }
}
