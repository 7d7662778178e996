using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace MLSegmentation.Torch.Serialization;

/// <summary>
/// Named tensors in a fixed order (a module's parameters and buffers, an optimizer's or LR
/// schedule's state), with optional string metadata. The dictionary owns its tensors: adding a
/// tensor takes it out of any <see cref="DisposeScope"/>, and <see cref="Dispose"/> releases them.
/// Tensors returned by <see cref="Modules.Module.state_dict"/> share storage with the live parameters;
/// disposing the dictionary releases only these references, never the module's own.
/// Save and load with <see cref="Save"/> and <see cref="Load"/> (format: docs/formats.md).
/// </summary>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "PyTorch's name (state_dict).")]
public sealed class StateDict : IReadOnlyDictionary<string, Tensor>, IDisposable
{
    private readonly OrderedDictionary<string, Tensor> _entries = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>Free-form string metadata saved with the tensors (e.g. a model's configuration).</summary>
    public IDictionary<string, string> Metadata { get; } = new OrderedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Adds an entry and takes ownership of <paramref name="tensor"/>; the name must be new.</summary>
    public void Add(string name, Tensor tensor)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(tensor);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_entries.TryAdd(name, tensor)) throw new ArgumentException($"the state dict already has an entry '{name}'", nameof(name));
        tensor.DetachFromDisposeScope();
    }

    /// <summary>Removes an entry and hands its tensor to the caller, who then disposes it.</summary>
    public bool Remove(string name, [MaybeNullWhen(false)] out Tensor tensor) => _entries.Remove(name, out tensor);

    /// <summary>The tensor stored under <paramref name="key"/> (still owned by the dictionary).</summary>
    public Tensor this[string key] => _entries.TryGetValue(key, out Tensor? t)
        ? t
        : throw new KeyNotFoundException($"the state dict has no entry '{key}'");

    /// <summary>Entry names in order.</summary>
    public IEnumerable<string> Keys => _entries.Keys;

    /// <summary>Tensors in order (owned by the dictionary).</summary>
    public IEnumerable<Tensor> Values => _entries.Values;

    /// <summary>Number of entries.</summary>
    public int Count => _entries.Count;

    /// <summary>True when an entry of that name exists.</summary>
    public bool ContainsKey(string key) => _entries.ContainsKey(key);

    /// <summary>The tensor stored under <paramref name="key"/>, if any (still owned by the dictionary).</summary>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out Tensor value) => _entries.TryGetValue(key, out value);

    /// <summary>Entries in order.</summary>
    public IEnumerator<KeyValuePair<string, Tensor>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// Writes the entries and metadata to <paramref name="path"/> atomically (a temporary file in the
    /// same folder, then a rename over the target).
    /// </summary>
    public void Save(string path)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        StateDictFile.Write(this, path);
    }

    /// <summary>Reads a file written by <see cref="Save"/>; the caller owns (disposes) the result.</summary>
    /// <exception cref="StateDictFormatException">The file is truncated, corrupt or not a state dict file.</exception>
    public static StateDict Load(string path) => StateDictFile.Read(path);

    /// <summary>Releases every tensor the dictionary holds.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (Tensor t in _entries.Values) t.Dispose();
        _entries.Clear();
    }
}
