using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace MLSegmentation.Torch.Modules;

/// <summary>
/// Submodules by name in insertion order, as PyTorch's <c>nn.ModuleDict</c>; it has no forward of its own.
/// The dictionary owns its modules.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "PyTorch's name (nn.ModuleDict).")]
public sealed class ModuleDict<T> : Module, IReadOnlyDictionary<string, T> where T : Module
{
    private readonly OrderedDictionary<string, T> _items = new(StringComparer.Ordinal);

    /// <summary>A dictionary of named modules; takes ownership of them.</summary>
    public ModuleDict(params (string name, T module)[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        foreach ((string name, T m) in modules) Add(name, m);
    }

    /// <summary>Adds <paramref name="module"/> under a new <paramref name="name"/> (no dots) and takes ownership of it.</summary>
    public void Add(string name, T module)
    {
        ArgumentNullException.ThrowIfNull(module);
        if (_items.ContainsKey(name)) throw new ArgumentException($"ModuleDict already has '{name}'", nameof(name));
        register_module(name, module);
        _items.Add(name, module);
    }

    /// <summary>The module named <paramref name="key"/> (owned by the dictionary).</summary>
    public T this[string key] => _items.TryGetValue(key, out T? m) ? m : throw new KeyNotFoundException($"ModuleDict has no module '{key}'");

    /// <summary>Names in order.</summary>
    public IEnumerable<string> Keys => _items.Keys;
    /// <summary>Modules in order.</summary>
    public IEnumerable<T> Values => _items.Values;
    /// <summary>Number of modules.</summary>
    public int Count => _items.Count;
    /// <summary>True when a module of that name exists.</summary>
    public bool ContainsKey(string key) => _items.ContainsKey(key);
    /// <summary>The module of that name, if any.</summary>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out T value) => _items.TryGetValue(key, out value);
    /// <summary>Entries in order.</summary>
    public IEnumerator<KeyValuePair<string, T>> GetEnumerator() => _items.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
