using System.Runtime.ExceptionServices;

namespace MLSegmentation.Transforms;

/// <summary>
/// Batches prepared by background workers, handed out in step order. Workers claim steps in order and
/// build whole batches; at most <see cref="BatchLoaderOptions.Prefetch"/> batches are in progress or
/// waiting at any time, so memory stays bounded. An error while building a batch is raised on the
/// consumer's thread when that batch is asked for (the message names the file); later batches still
/// come. Dispose the stream (or cancel its token) to stop the workers.
/// </summary>
public sealed class BatchFeed : IDisposable, IEnumerable<Batch>
{
    private readonly BatchLoader _loader;
    private readonly long _end;
    private readonly CancellationTokenSource _cancel;
    private readonly SemaphoreSlim _slots;
    private readonly Dictionary<long, (BatchData? Data, ExceptionDispatchInfo? Error)> _ready = [];
    private readonly object _lock = new();
    private readonly Thread[] _workers;
    private long _nextClaim;
    private long _next;
    private bool _disposed;

    internal BatchFeed(BatchLoader loader, long fromStep, long end, CancellationToken cancellationToken)
    {
        _loader = loader;
        _next = fromStep;
        _nextClaim = fromStep;
        _end = end;
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _slots = new SemaphoreSlim(loader.Options.EffectivePrefetch);
        _workers = new Thread[loader.Options.Workers];
        for (int w = 0; w < _workers.Length; w++)
        {
            _workers[w] = new Thread(Work) { IsBackground = true, Name = $"BatchLoader worker {w}" };
            _workers[w].Start();
        }
    }

    /// <summary>The step of the next batch <see cref="Next"/> returns.</summary>
    public long NextStep
    {
        get
        {
            lock (_lock)
            {
                return _next;
            }
        }
    }

    /// <summary>
    /// The next batch, waiting for it if needed; null after the last requested step. The caller disposes it.
    /// </summary>
    /// <exception cref="DatasetException">The batch could not be built; the message names the file. The stream moves on past it.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public Batch? Next()
    {
        BatchData data;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_next >= _end)
            {
                return null;
            }

            (BatchData? Data, ExceptionDispatchInfo? Error) result;
            while (!_ready.Remove(_next, out result))
            {
                _cancel.Token.ThrowIfCancellationRequested();
                Monitor.Wait(_lock, 100);
            }

            _next++;
            _slots.Release();
            result.Error?.Throw();
            data = result.Data!;
        }

        return data.ToBatch();
    }

    /// <summary>The batches from the current step to the end (without end when no step count was given).</summary>
    public IEnumerator<Batch> GetEnumerator()
    {
        while (Next() is Batch b)
        {
            yield return b;
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Stops the workers (waiting for the batches in progress) and drops the prepared batches.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _cancel.Cancel();
        foreach (Thread t in _workers)
        {
            t.Join();
        }

        lock (_lock)
        {
            _ready.Clear();
        }

        _cancel.Dispose();
        _slots.Dispose();
    }

    private void Work()
    {
        CancellationToken token = _cancel.Token;
        try
        {
            while (true)
            {
                _slots.Wait(token);
                long step = Interlocked.Increment(ref _nextClaim) - 1;
                if (step >= _end)
                {
                    return;
                }

                (BatchData?, ExceptionDispatchInfo?) result;
                try
                {
                    result = (_loader.Assemble(_loader.Plan(step)), null);
                }
#pragma warning disable CA1031 // Any failure is handed to the consumer, who sees it on its own thread.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    result = (null, ExceptionDispatchInfo.Capture(e));
                }

                lock (_lock)
                {
                    _ready[step] = result;
                    Monitor.PulseAll(_lock);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed or cancelled: stop quietly; the consumer sees the cancellation.
        }
    }
}
