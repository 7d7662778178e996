using System.Text;
using MLSegmentation.Torch.Serialization;

namespace MLSegmentation.Torch.Modules;

/// <summary>
/// The base of every network building block, as PyTorch's <c>nn.Module</c>: named parameters,
/// buffers and submodules registered explicitly, train/eval mode, state dicts and devices.
/// <para>
/// Ownership: a module owns what is registered in it (parameters, buffers, submodules) and
/// releases them all in <see cref="Dispose()"/>. Enumerations (<see cref="parameters"/> etc.) return
/// the module's own objects, which the caller must not dispose.
/// </para>
/// <para>
/// A module's <c>forward</c> reads its parameters and buffers through <see cref="Resolve"/> only, so that
/// <see cref="SubstituteParameters"/> (and <see cref="torch.func.functional_call{TIn, TOut}"/>) can run it
/// with other tensors in their place, e.g. CoLab's fast weights θ' = θ − α∇θ with gradients flowing to θ.
/// </para>
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716:Identifiers should not match keywords",
    Justification = "PyTorch's and TorchSharp's name; the API mirrors them on purpose.")]
public abstract class Module : IDisposable
{
    private readonly OrderedDictionary<string, Parameter?> _parameters = new(StringComparer.Ordinal);
    private readonly OrderedDictionary<string, Tensor?> _buffers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _nonPersistent = new(StringComparer.Ordinal);
    private readonly OrderedDictionary<string, Module> _modules = new(StringComparer.Ordinal);
    private Dictionary<string, Tensor>? _substitutes;
    private bool _disposed;

    /// <summary>True in training mode (the default), false after <see cref="eval"/>.</summary>
    public bool training { get; private set; } = true;

    /// <summary>The module's type name, used in error messages.</summary>
    public virtual string GetName() => GetType().Name;

    /// <summary>
    /// Registers (or replaces, or with null declares absent) parameter <paramref name="name"/>. The module
    /// takes ownership of <paramref name="parameter"/>; a replaced parameter is disposed.
    /// </summary>
    public void register_parameter(string name, Parameter? parameter)
    {
        CheckName(name);
        if (_buffers.ContainsKey(name) || _modules.ContainsKey(name))
            throw new ArgumentException($"{GetName()}: '{name}' is already a buffer or submodule", nameof(name));
        if (_parameters.TryGetValue(name, out Parameter? old) && old is not null && !ReferenceEquals(old, parameter)) old.Dispose();
        _parameters[name] = parameter;
    }

    /// <summary>
    /// Registers (or replaces) buffer <paramref name="name"/>: state that is not trained but saved in the
    /// state dict when <paramref name="persistent"/> (e.g. BatchNorm's running statistics). The module takes
    /// ownership of <paramref name="tensor"/> (it leaves any dispose scope); a replaced buffer is disposed.
    /// </summary>
    public void register_buffer(string name, Tensor? tensor, bool persistent = true)
    {
        CheckName(name);
        if (_parameters.ContainsKey(name) || _modules.ContainsKey(name))
            throw new ArgumentException($"{GetName()}: '{name}' is already a parameter or submodule", nameof(name));
        if (_buffers.TryGetValue(name, out Tensor? old) && old is not null && !ReferenceEquals(old, tensor)) old.Dispose();
        tensor?.DetachFromDisposeScope();
        _buffers[name] = tensor;
        if (persistent) _nonPersistent.Remove(name);
        else _nonPersistent.Add(name);
    }

    /// <summary>Registers (or replaces) submodule <paramref name="name"/>; the module takes ownership and disposes a replaced one.</summary>
    public void register_module(string name, Module module)
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(module);
        if (ReferenceEquals(module, this)) throw new ArgumentException($"{GetName()}: a module cannot contain itself", nameof(module));
        if (_parameters.ContainsKey(name) || _buffers.ContainsKey(name))
            throw new ArgumentException($"{GetName()}: '{name}' is already a parameter or buffer", nameof(name));
        if (_modules.TryGetValue(name, out Module? old) && !ReferenceEquals(old, module)) old.Dispose();
        _modules[name] = module;
    }

    private void CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (name.Contains('.', StringComparison.Ordinal))
            throw new ArgumentException($"{GetName()}: names cannot contain '.', got '{name}'", nameof(name));
    }

    /// <summary>The module's own parameter <paramref name="name"/> (null when declared absent); not substituted.</summary>
    public Parameter? get_parameter(string name) =>
        _parameters.TryGetValue(name, out Parameter? p) ? p : throw new KeyNotFoundException($"{GetName()} has no parameter '{name}'");

    /// <summary>The module's own buffer <paramref name="name"/> (null when declared absent); not substituted.</summary>
    public Tensor? get_buffer(string name) =>
        _buffers.TryGetValue(name, out Tensor? b) ? b : throw new KeyNotFoundException($"{GetName()} has no buffer '{name}'");

    /// <summary>The direct submodule <paramref name="name"/>.</summary>
    public Module get_submodule(string name) =>
        _modules.TryGetValue(name, out Module? m) ? m : throw new KeyNotFoundException($"{GetName()} has no submodule '{name}'");

    /// <summary>
    /// The one place where <c>forward</c> reads a parameter or buffer: the tensor substituted for
    /// <paramref name="name"/> by <see cref="SubstituteParameters"/> if any, else the registered one
    /// (null when declared absent, e.g. a convolution without bias). Not owned by the caller.
    /// </summary>
    protected Tensor? Resolve(string name)
    {
        if (_substitutes is not null && _substitutes.TryGetValue(name, out Tensor? s)) return s;
        if (_parameters.TryGetValue(name, out Parameter? p)) return p;
        if (_buffers.TryGetValue(name, out Tensor? b)) return b;
        throw new KeyNotFoundException($"{GetName()} has no parameter or buffer '{name}'");
    }

    /// <summary>Parameters with dotted names (<c>encoder.0.weight</c>), this module's first, then each submodule's.</summary>
    public IEnumerable<(string name, Parameter parameter)> named_parameters(bool recurse = true)
    {
        foreach ((string prefix, Module m) in recurse ? named_modules() : [("", this)])
        {
            foreach (KeyValuePair<string, Parameter?> kv in m._parameters)
            {
                if (kv.Value is not null) yield return (prefix.Length == 0 ? kv.Key : prefix + "." + kv.Key, kv.Value);
            }
        }
    }

    /// <summary>All parameters (owned by the module), in <see cref="named_parameters"/> order.</summary>
    public IEnumerable<Parameter> parameters(bool recurse = true) => named_parameters(recurse).Select(p => p.parameter);

    /// <summary>Buffers with dotted names (owned by the module).</summary>
    public IEnumerable<(string name, Tensor buffer)> named_buffers(bool recurse = true)
    {
        foreach ((string prefix, Module m) in recurse ? named_modules() : [("", this)])
        {
            foreach (KeyValuePair<string, Tensor?> kv in m._buffers)
            {
                if (kv.Value is not null) yield return (prefix.Length == 0 ? kv.Key : prefix + "." + kv.Key, kv.Value);
            }
        }
    }

    /// <summary>All buffers (owned by the module).</summary>
    public IEnumerable<Tensor> buffers(bool recurse = true) => named_buffers(recurse).Select(b => b.buffer);

    /// <summary>This module (name "") and every submodule, depth first, with dotted names.</summary>
    public IEnumerable<(string name, Module module)> named_modules()
    {
        yield return ("", this);
        foreach (KeyValuePair<string, Module> kv in _modules)
        {
            foreach ((string name, Module m) in kv.Value.named_modules())
                yield return (name.Length == 0 ? kv.Key : kv.Key + "." + name, m);
        }
    }

    /// <summary>This module and every submodule.</summary>
    public IEnumerable<Module> modules() => named_modules().Select(m => m.module);

    /// <summary>Direct submodules with their names.</summary>
    public IEnumerable<(string name, Module module)> named_children() => _modules.Select(kv => (kv.Key, kv.Value));

    /// <summary>Direct submodules.</summary>
    public IEnumerable<Module> children() => _modules.Values;

    /// <summary>Sets training mode on this module and every submodule; returns this module.</summary>
    public virtual Module train(bool mode = true)
    {
        training = mode;
        foreach (Module m in _modules.Values) m.train(mode);
        return this;
    }

    /// <summary>Sets evaluation mode (same as <c>train(false)</c>); returns this module.</summary>
    public Module eval() => train(false);

    /// <summary>Clears every parameter's gradient (sets it to null, as PyTorch's default).</summary>
    public void zero_grad()
    {
        foreach (Parameter p in parameters()) p.grad = null;
    }

    /// <summary>
    /// Moves parameters and buffers to <paramref name="device"/>. Parameters that move are replaced by new
    /// <see cref="Parameter"/> objects (the old ones are disposed), so create optimizers after moving.
    /// </summary>
    public Module to(Device device) => Convert(t => t.to(device), _ => true);

    /// <summary>
    /// Converts floating-point parameters and buffers to <paramref name="dtype"/> (integer buffers such as
    /// BatchNorm's batch counter stay). Converted parameters are new objects; create optimizers afterwards.
    /// </summary>
    public Module to(ScalarType dtype)
    {
        if (!dtype.IsFloatingPoint()) throw new ArgumentException($"modules convert to floating-point types only, not {dtype}", nameof(dtype));
        return Convert(t => t.to(dtype), t => t.dtype.IsFloatingPoint());
    }

    private Module Convert(Func<Tensor, Tensor> convert, Func<Tensor, bool> applies)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using (torch.no_grad())
        {
            foreach (Module m in modules())
            {
                foreach (string name in m._parameters.Keys.ToArray())
                {
                    Parameter? p = m._parameters[name];
                    if (p is null || !applies(p)) continue;
                    using Tensor converted = convert(p);
                    if (converted.IsSameAs(p)) continue;
                    m.register_parameter(name, new Parameter(converted, p.requires_grad));
                }
                foreach (string name in m._buffers.Keys.ToArray())
                {
                    Tensor? b = m._buffers[name];
                    if (b is null || !applies(b)) continue;
                    Tensor converted = convert(b);
                    if (converted.IsSameAs(b))
                    {
                        converted.Dispose();
                        continue;
                    }
                    m.register_buffer(name, converted, !m._nonPersistent.Contains(name));
                }
            }
        }
        return this;
    }

    /// <summary>
    /// The parameters and persistent buffers by dotted name, in PyTorch's order. The returned dictionary owns
    /// new references that share storage with the module's tensors (cut from autograd); dispose it when done.
    /// </summary>
    public StateDict state_dict()
    {
        var dict = new StateDict();
        try
        {
            foreach ((string prefix, Module m) in named_modules())
            {
                string p = prefix.Length == 0 ? "" : prefix + ".";
                foreach (KeyValuePair<string, Parameter?> kv in m._parameters)
                {
                    if (kv.Value is not null) dict.Add(p + kv.Key, kv.Value.detach());
                }
                foreach (KeyValuePair<string, Tensor?> kv in m._buffers)
                {
                    if (kv.Value is not null && !m._nonPersistent.Contains(kv.Key)) dict.Add(p + kv.Key, kv.Value.detach());
                }
            }
        }
        catch
        {
            dict.Dispose();
            throw;
        }
        return dict;
    }

    /// <summary>
    /// Copies values from <paramref name="state"/> into the parameters and persistent buffers (converting the
    /// element type if needed). Nothing is copied unless all checks pass: shapes must match, and with
    /// <paramref name="strict"/> the keys must match exactly. The caller keeps ownership of <paramref name="state"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Keys are missing or unexpected (strict), or shapes differ; the message names them all.</exception>
    public LoadStateDictResult load_state_dict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(state);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var targets = new List<(string name, Tensor target)>();
        foreach ((string prefix, Module m) in named_modules())
        {
            string p = prefix.Length == 0 ? "" : prefix + ".";
            foreach (KeyValuePair<string, Parameter?> kv in m._parameters)
            {
                if (kv.Value is not null) targets.Add((p + kv.Key, kv.Value));
            }
            foreach (KeyValuePair<string, Tensor?> kv in m._buffers)
            {
                if (kv.Value is not null && !m._nonPersistent.Contains(kv.Key)) targets.Add((p + kv.Key, kv.Value));
            }
        }
        var expected = new HashSet<string>(targets.Select(t => t.name), StringComparer.Ordinal);
        var missing = targets.Where(t => !state.ContainsKey(t.name)).Select(t => t.name).ToList();
        var unexpected = state.Keys.Where(k => !expected.Contains(k)).ToList();
        var errors = new StringBuilder();
        foreach ((string name, Tensor target) in targets)
        {
            if (!state.TryGetValue(name, out Tensor? source)) continue;
            long[] have = target.shape, got = source.shape;
            if (!have.SequenceEqual(got))
            {
                errors.Append(FormattableString.Invariant($"\n  size mismatch for {name}: the state dict has shape {Tensor.ShapeText(got)}, the module has {Tensor.ShapeText(have)}"));
            }
        }
        if (strict && missing.Count > 0) errors.Append("\n  missing keys: ").AppendJoin(", ", missing);
        if (strict && unexpected.Count > 0) errors.Append("\n  unexpected keys: ").AppendJoin(", ", unexpected);
        if (errors.Length > 0) throw new ArgumentException($"error(s) loading the state dict into {GetName()}:{errors}", nameof(state));
        using (torch.no_grad())
        {
            foreach ((string name, Tensor target) in targets)
            {
                if (state.TryGetValue(name, out Tensor? source)) target.copy_(source);
            }
        }
        return new LoadStateDictResult(missing, unexpected);
    }

    /// <summary>
    /// Writes <see cref="state_dict"/> to <paramref name="path"/> in the project's state dict format
    /// (atomically: temporary file then rename), with optional string <paramref name="metadata"/>.
    /// </summary>
    public void save(string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using StateDict dict = state_dict();
        if (metadata is not null)
        {
            foreach (KeyValuePair<string, string> kv in metadata) dict.Metadata[kv.Key] = kv.Value;
        }
        dict.Save(path);
    }

    /// <summary>Loads parameters and buffers from a file written by <see cref="save"/> (see <see cref="load_state_dict"/>).</summary>
    /// <exception cref="StateDictFormatException">The file is truncated, corrupt or not a state dict file.</exception>
    public LoadStateDictResult load(string path, bool strict = true)
    {
        using StateDict dict = StateDict.Load(path);
        return load_state_dict(dict, strict);
    }

    /// <summary>
    /// Until the returned scope is disposed, <c>forward</c> of this module and its submodules uses the tensors in
    /// <paramref name="parameters"/> (by dotted name, as in <see cref="named_parameters"/> or
    /// <see cref="named_buffers"/>) instead of the registered ones; names not given keep theirs. The tensors
    /// enter the autograd graph as they are, so gradients flow back to whatever they were computed from. The
    /// caller keeps ownership of the tensors and must keep them alive while the scope is open. Scopes nest.
    /// </summary>
    /// <exception cref="ArgumentException">A name is not a parameter or buffer of this module.</exception>
    public IDisposable SubstituteParameters(IReadOnlyDictionary<string, Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var perModule = new List<(Module module, Dictionary<string, Tensor> local)>();
        int matched = 0;
        foreach ((string prefix, Module m) in named_modules())
        {
            string p = prefix.Length == 0 ? "" : prefix + ".";
            Dictionary<string, Tensor>? local = null;
            foreach (string name in m._parameters.Keys.Concat(m._buffers.Keys))
            {
                if (!parameters.TryGetValue(p + name, out Tensor? t)) continue;
                ArgumentNullException.ThrowIfNull(t, p + name);
                local ??= new Dictionary<string, Tensor>(StringComparer.Ordinal);
                local[name] = t;
                matched++;
            }
            if (local is not null) perModule.Add((m, local));
        }
        if (matched != parameters.Count)
        {
            var known = new HashSet<string>(named_modules().SelectMany(x =>
                x.module._parameters.Keys.Concat(x.module._buffers.Keys).Select(n => x.name.Length == 0 ? n : x.name + "." + n)), StringComparer.Ordinal);
            throw new ArgumentException($"{GetName()} has no parameter or buffer named " +
                string.Join(", ", parameters.Keys.Where(k => !known.Contains(k))), nameof(parameters));
        }
        return new Substitution(perModule);
    }

    private sealed class Substitution : IDisposable
    {
        private readonly List<(Module module, Dictionary<string, Tensor>? previous)> _restore = [];
        private bool _disposed;

        internal Substitution(List<(Module module, Dictionary<string, Tensor> local)> perModule)
        {
            foreach ((Module m, Dictionary<string, Tensor> local) in perModule)
            {
                _restore.Add((m, m._substitutes));
                if (m._substitutes is not null)
                {
                    foreach (KeyValuePair<string, Tensor> kv in m._substitutes) local.TryAdd(kv.Key, kv.Value);
                }
                m._substitutes = local;
            }
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            for (int k = _restore.Count - 1; k >= 0; k--) _restore[k].module._substitutes = _restore[k].previous;
        }
    }

    /// <summary>Releases every parameter, buffer and submodule.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the module owns; derived types release their own state too.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed || !disposing) return;
        _disposed = true;
        foreach (Parameter? p in _parameters.Values) p?.Dispose();
        foreach (Tensor? b in _buffers.Values) b?.Dispose();
        foreach (Module m in _modules.Values) m.Dispose();
        _parameters.Clear();
        _buffers.Clear();
        _modules.Clear();
    }

    /// <summary>The module tree with parameter shapes, e.g. for logs.</summary>
    public override string ToString()
    {
        var s = new StringBuilder();
        Describe(s, "", 0);
        return s.ToString();
    }

    private void Describe(StringBuilder s, string name, int depth)
    {
        s.Append(' ', depth * 2);
        if (name.Length > 0) s.Append('(').Append(name).Append("): ");
        s.Append(GetName());
        foreach (KeyValuePair<string, Parameter?> kv in _parameters)
        {
            if (kv.Value is not null) s.Append(' ').Append(kv.Key).Append(Tensor.ShapeText(kv.Value.shape));
        }
        s.AppendLine();
        foreach (KeyValuePair<string, Module> kv in _modules) kv.Value.Describe(s, kv.Key, depth + 1);
    }
}
