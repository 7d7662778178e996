using System.Globalization;
using MLSegmentation.Torch.Serialization;

namespace MLSegmentation.Torch.Optim;

/// <summary>
/// The base of the optimizers, as PyTorch's <c>torch.optim.Optimizer</c>: parameter groups, <see cref="step"/>
/// (in place, without recording gradients), <see cref="zero_grad"/> and a state dict that round-trips through
/// the state dict file format.
/// <para>
/// Ownership: the optimizer does not own the parameters; it owns its per-parameter state (momentum buffers,
/// moment estimates), released by <see cref="Dispose()"/>.
/// </para>
/// </summary>
public abstract class Optimizer : IDisposable
{
    private readonly List<ParamGroup> _groups = [];
    private readonly Dictionary<int, ParameterState> _state = [];
    private bool _disposed;

    /// <summary>Per-parameter state: named tensors (owned by the optimizer) and a step count.</summary>
    private protected sealed class ParameterState
    {
        internal Dictionary<string, Tensor> Tensors { get; } = new(StringComparer.Ordinal);
        internal long Step { get; set; }
    }

    private protected Optimizer(IEnumerable<ParamGroup> groups, double lr, double weight_decay)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentOutOfRangeException.ThrowIfNegative(lr);
        ArgumentOutOfRangeException.ThrowIfNegative(weight_decay);
        foreach (ParamGroup g in groups) add_param_group(g, lr, weight_decay);
        if (_groups.Count == 0) throw new ArgumentException("an optimizer needs at least one parameter group", nameof(groups));
        DefaultLr = lr;
        DefaultWeightDecay = weight_decay;
    }

    private protected double DefaultLr { get; }
    private protected double DefaultWeightDecay { get; }

    /// <summary>The parameter groups, in order.</summary>
    public IReadOnlyList<ParamGroup> param_groups => _groups;

    /// <summary>Adds a group; its unset options take the optimizer's defaults. A parameter may be in one group only.</summary>
    public void add_param_group(ParamGroup group) => add_param_group(group, DefaultLr, DefaultWeightDecay);

    private void add_param_group(ParamGroup group, double lr, double weight_decay)
    {
        ArgumentNullException.ThrowIfNull(group);
        for (int k = 0; k < group.Parameters.Count; k++)
        {
            Tensor p = group.Parameters[k];
            if (group.Parameters.Take(k).Any(q => ReferenceEquals(q, p) || q.IsSameAs(p)))
                throw new ArgumentException("a parameter appears twice in a parameter group", nameof(group));
            if (!p.dtype.IsFloatingPoint()) throw new ArgumentException($"optimizers update floating-point tensors, not {p.dtype}", nameof(group));
            if (_groups.Any(g => g.Parameters.Any(q => ReferenceEquals(q, p) || q.IsSameAs(p))))
                throw new ArgumentException("a parameter appears in more than one parameter group", nameof(group));
        }
        group.ApplyDefaults(lr, weight_decay);
        _groups.Add(group);
    }

    /// <summary>Clears the gradients of every parameter (to null, or to zeros with <paramref name="set_to_none"/> false).</summary>
    public void zero_grad(bool set_to_none = true)
    {
        foreach (ParamGroup g in _groups)
        {
            foreach (Tensor p in g.Parameters)
            {
                if (set_to_none)
                {
                    p.grad = null;
                    continue;
                }
                using Tensor? grad = p.grad;
                if (grad is null) continue;
                using (torch.no_grad()) grad.zero_();
            }
        }
    }

    /// <summary>
    /// Updates every parameter that has a gradient, in place, without recording gradients. Temporaries are
    /// released before it returns (it runs inside its own dispose scope).
    /// </summary>
    public void step()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using DisposeScope scope = torch.NewDisposeScope();
        using IDisposable noGrad = torch.no_grad();
        int index = 0;
        foreach (ParamGroup g in _groups)
        {
            foreach (Tensor p in g.Parameters)
            {
                Tensor? grad = p.grad;
                if (grad is not null) Update(g, State(index), p, grad);
                index++;
            }
        }
    }

    /// <summary>Updates one parameter in place given its gradient; runs inside <see cref="step"/>'s dispose scope and no-grad mode.</summary>
    private protected abstract void Update(ParamGroup group, ParameterState state, Tensor parameter, Tensor grad);

    private ParameterState State(int index)
    {
        if (!_state.TryGetValue(index, out ParameterState? s))
        {
            s = new ParameterState();
            _state[index] = s;
        }
        return s;
    }

    /// <summary>The state tensor <paramref name="name"/>, created (zeros like the parameter) on first use; owned by the optimizer.</summary>
    private protected static Tensor StateTensor(ParameterState state, string name, Tensor like, Func<Tensor>? create = null)
    {
        if (!state.Tensors.TryGetValue(name, out Tensor? t))
        {
            t = (create is null ? like.zeros_like() : create()).DetachFromDisposeScope();
            state.Tensors[name] = t;
        }
        return t;
    }

    /// <summary>True when the state tensor exists.</summary>
    private protected static bool HasStateTensor(ParameterState state, string name) => state.Tensors.ContainsKey(name);

    /// <summary>
    /// The optimizer's state: for every parameter (numbered across groups in order, as PyTorch) its state tensors
    /// as <c>state.{i}.{name}</c> and step count as <c>state.{i}.step</c>; for every group <c>param_groups.{g}.lr</c>,
    /// <c>.weight_decay</c>, <c>.initial_lr</c> (when set) and <c>.size</c> (its number of parameters). The result owns
    /// copies of the tensors; dispose it when done.
    /// </summary>
    public StateDict state_dict()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var dict = new StateDict();
        dict.Metadata["optimizer"] = GetType().Name;
        foreach (KeyValuePair<int, ParameterState> kv in _state.OrderBy(kv => kv.Key))
        {
            string prefix = "state." + kv.Key.ToString(CultureInfo.InvariantCulture) + ".";
            dict.Add(prefix + "step", torch.tensor((double)kv.Value.Step, ScalarType.Int64));
            foreach (KeyValuePair<string, Tensor> t in kv.Value.Tensors) dict.Add(prefix + t.Key, t.Value.clone());
        }
        for (int g = 0; g < _groups.Count; g++)
        {
            string prefix = "param_groups." + g.ToString(CultureInfo.InvariantCulture) + ".";
            dict.Add(prefix + "lr", torch.tensor(_groups[g].lr, ScalarType.Float64));
            dict.Add(prefix + "weight_decay", torch.tensor(_groups[g].weight_decay, ScalarType.Float64));
            if (_groups[g].initial_lr is double initial) dict.Add(prefix + "initial_lr", torch.tensor(initial, ScalarType.Float64));
            dict.Add(prefix + "size", torch.tensor(_groups[g].Parameters.Count, ScalarType.Int64));
        }
        return dict;
    }

    /// <summary>
    /// Restores state saved by <see cref="state_dict"/> from an optimizer of the same type over parameters of the
    /// same shapes and grouping; the next <see cref="step"/> continues exactly where the saved one left off.
    /// Everything is checked before anything changes. The caller keeps ownership of <paramref name="state"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The state does not fit this optimizer; the message says why.</exception>
    public void load_state_dict(IReadOnlyDictionary<string, Tensor> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (state is StateDict sd && sd.Metadata.TryGetValue("optimizer", out string? type) && type != GetType().Name)
            throw new ArgumentException($"the state was saved by {type}, this optimizer is {GetType().Name}", nameof(state));
        var parameters = _groups.SelectMany(g => g.Parameters).ToArray();
        var groupValues = new (double lr, double wd, double? initial)[_groups.Count];
        for (int g = 0; g < _groups.Count; g++)
        {
            string prefix = "param_groups." + g.ToString(CultureInfo.InvariantCulture) + ".";
            long size = Required(state, prefix + "size").item<long>();
            if (size != _groups[g].Parameters.Count)
                throw new ArgumentException($"parameter group {g} had {size} parameters when saved, it has {_groups[g].Parameters.Count} now", nameof(state));
            groupValues[g] = (Required(state, prefix + "lr").item<double>(), Required(state, prefix + "weight_decay").item<double>(),
                state.TryGetValue(prefix + "initial_lr", out Tensor? i) ? i.item<double>() : null);
        }
        int savedGroups = state.Keys.Count(k => k.StartsWith("param_groups.", StringComparison.Ordinal) && k.EndsWith(".size", StringComparison.Ordinal));
        if (savedGroups != _groups.Count)
            throw new ArgumentException($"the state has {savedGroups} parameter groups, this optimizer has {_groups.Count}", nameof(state));
        var restored = new Dictionary<int, (long step, List<(string name, Tensor value)> tensors)>();
        foreach (KeyValuePair<string, Tensor> kv in state)
        {
            if (kv.Key.StartsWith("param_groups.", StringComparison.Ordinal)) continue;
            string[] parts = kv.Key.Split('.', 3);
            if (parts.Length != 3 || parts[0] != "state" || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                throw new ArgumentException($"unexpected entry '{kv.Key}' in an optimizer state", nameof(state));
            if (index >= parameters.Length)
                throw new ArgumentException($"the state has entries for parameter {index}, the optimizer has {parameters.Length} parameters", nameof(state));
            if (!restored.TryGetValue(index, out var entry)) entry = (0, []);
            if (parts[2] == "step") entry.step = kv.Value.item<long>();
            else
            {
                if (!kv.Value.shape.SequenceEqual(parameters[index].shape))
                    throw new ArgumentException($"state '{kv.Key}' has shape {Tensor.ShapeText(kv.Value.shape)}, parameter {index} has {Tensor.ShapeText(parameters[index].shape)}", nameof(state));
                entry.tensors.Add((parts[2], kv.Value));
            }
            restored[index] = entry;
        }
        ClearState();
        for (int g = 0; g < _groups.Count; g++)
        {
            _groups[g].lr = groupValues[g].lr;
            _groups[g].weight_decay = groupValues[g].wd;
            _groups[g].initial_lr = groupValues[g].initial;
        }
        foreach (KeyValuePair<int, (long step, List<(string name, Tensor value)> tensors)> kv in restored)
        {
            ParameterState s = State(kv.Key);
            s.Step = kv.Value.step;
            Tensor p = parameters[kv.Key];
            foreach ((string name, Tensor value) in kv.Value.tensors)
            {
                using Tensor converted = value.to(p.device);
                using Tensor typed = converted.to(p.dtype);
                s.Tensors[name] = typed.clone().DetachFromDisposeScope();
            }
        }
    }

    private static Tensor Required(IReadOnlyDictionary<string, Tensor> state, string key) =>
        state.TryGetValue(key, out Tensor? t) ? t : throw new ArgumentException($"the optimizer state has no entry '{key}'", nameof(state));

    private void ClearState()
    {
        foreach (ParameterState s in _state.Values)
        {
            foreach (Tensor t in s.Tensors.Values) t.Dispose();
        }
        _state.Clear();
    }

    /// <summary>Writes <see cref="state_dict"/> to a file (atomically), to resume training later.</summary>
    public void save(string path)
    {
        using StateDict dict = state_dict();
        dict.Save(path);
    }

    /// <summary>Restores the state from a file written by <see cref="save"/>.</summary>
    public void load(string path)
    {
        using StateDict dict = StateDict.Load(path);
        load_state_dict(dict);
    }

    /// <summary>Releases the optimizer's state tensors (not the parameters).</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the state; derived types release their own resources too.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed || !disposing) return;
        _disposed = true;
        ClearState();
    }
}
