using System.Collections;
using System.Globalization;

namespace MLSegmentation.Torch.Modules;

/// <summary>
/// An indexed list of submodules registered under "0", "1", …, as PyTorch's <c>nn.ModuleList</c>; it has no
/// forward of its own. The list owns its modules.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class ModuleList<T> : Module, IReadOnlyList<T> where T : Module
{
    private readonly List<T> _items = [];

    /// <summary>A list of <paramref name="modules"/>; takes ownership of them.</summary>
    public ModuleList(params T[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        foreach (T m in modules) Add(m);
    }

    /// <summary>Appends <paramref name="module"/> and takes ownership of it.</summary>
    public void Add(T module)
    {
        ArgumentNullException.ThrowIfNull(module);
        if (_items.Any(m => ReferenceEquals(m, module))) throw new ArgumentException("the module is already in the list", nameof(module));
        register_module(_items.Count.ToString(CultureInfo.InvariantCulture), module);
        _items.Add(module);
    }

    /// <summary>The module at <paramref name="index"/> (owned by the list).</summary>
    public T this[int index] => _items[index];

    /// <summary>Number of modules.</summary>
    public int Count => _items.Count;

    /// <summary>The modules in order.</summary>
    public IEnumerator<T> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
