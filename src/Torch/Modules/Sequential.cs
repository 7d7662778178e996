using System.Globalization;

namespace MLSegmentation.Torch.Modules;

/// <summary>
/// Submodules run one after another, as PyTorch's <c>nn.Sequential</c>; children are named "0", "1", … unless
/// named explicitly. Intermediate results are disposed as soon as the next module has consumed them.
/// The sequence owns its children.
/// </summary>
public sealed class Sequential : Module<Tensor, Tensor>
{
    private readonly List<Module<Tensor, Tensor>> _layers = [];

    /// <summary>A sequence of <paramref name="modules"/>, named by position; takes ownership of them.</summary>
    public Sequential(params Module<Tensor, Tensor>[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        foreach (Module<Tensor, Tensor> m in modules) append(m);
    }

    /// <summary>A sequence of named modules; takes ownership of them.</summary>
    public Sequential(params (string name, Module<Tensor, Tensor> module)[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        foreach ((string name, Module<Tensor, Tensor> m) in modules) append(name, m);
    }

    /// <summary>Adds <paramref name="module"/> at the end, named by its position; takes ownership. Returns this sequence.</summary>
    public Sequential append(Module<Tensor, Tensor> module) => append(_layers.Count.ToString(CultureInfo.InvariantCulture), module);

    /// <summary>Adds a named module at the end; takes ownership. Returns this sequence.</summary>
    public Sequential append(string name, Module<Tensor, Tensor> module)
    {
        ArgumentNullException.ThrowIfNull(module);
        if (children().Any(c => ReferenceEquals(c, module)) || named_children().Any(c => c.name == name))
            throw new ArgumentException($"Sequential already has a module named '{name}' or this module", nameof(name));
        register_module(name, module);
        _layers.Add(module);
        return this;
    }

    /// <summary>Number of modules.</summary>
    public int Count => _layers.Count;

    /// <summary>The module at <paramref name="index"/> (owned by the sequence).</summary>
    public Module<Tensor, Tensor> this[int index] => _layers[index];

    /// <summary>Runs the modules in order; the result is owned by the caller.</summary>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Tensor current = input;
        foreach (Module<Tensor, Tensor> layer in _layers)
        {
            Tensor next = layer.call(current);
            if (!ReferenceEquals(current, input) && !ReferenceEquals(next, current)) current.Dispose();
            current = next;
        }
        return ReferenceEquals(current, input) ? input.alias() : current;
    }
}
