namespace MLSegmentation.Torch;

/// <summary>
/// Collects the tensors created on this thread while it is the innermost open scope and
/// disposes them when it is disposed, so that a loop body holds a constant amount of native
/// memory without disposing each temporary. Keep a result past the scope with
/// <see cref="Tensor.MoveToOuterDisposeScope"/> or <see cref="Tensor.DetachFromDisposeScope"/>.
/// Open one with <see cref="torch.NewDisposeScope"/>.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? s_current;

    private readonly HashSet<Tensor> _tensors = new(ReferenceEqualityComparer.Instance);
    private readonly DisposeScope? _outer;
    private bool _disposed;

    internal DisposeScope()
    {
        _outer = s_current;
        s_current = this;
    }

    internal static DisposeScope? Current => s_current;

    /// <summary>The scope that was innermost when this one opened.</summary>
    internal DisposeScope? Outer => _outer;

    /// <summary>Number of tensors the scope will dispose.</summary>
    public int Count => _tensors.Count;

    internal void Add(Tensor tensor)
    {
        _tensors.Add(tensor);
        tensor.Scope = this;
    }

    internal void Remove(Tensor tensor)
    {
        _tensors.Remove(tensor);
        tensor.Scope = null;
    }

    /// <summary>Disposes every tensor still owned by the scope and closes it.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        if (!ReferenceEquals(s_current, this))
        {
            throw new InvalidOperationException("dispose scopes must be closed innermost first, on the thread that opened them");
        }
        _disposed = true;
        s_current = _outer;
        foreach (Tensor t in _tensors)
        {
            t.Scope = null;
            t.Dispose();
        }
        _tensors.Clear();
    }
}
