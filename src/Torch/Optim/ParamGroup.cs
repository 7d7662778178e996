namespace MLSegmentation.Torch.Optim;

/// <summary>
/// Parameters that share a learning rate and weight decay, as an entry of PyTorch's <c>optimizer.param_groups</c>.
/// Null options take the optimizer's defaults. The group does not own its parameters (modules do).
/// </summary>
public sealed class ParamGroup
{
    /// <summary>A group of <paramref name="parameters"/> with optional own options.</summary>
    public ParamGroup(IEnumerable<Tensor> parameters, double? lr = null, double? weight_decay = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters.ToArray();
        foreach (Tensor p in Parameters) ArgumentNullException.ThrowIfNull(p, nameof(parameters));
        if (lr is < 0) throw new ArgumentOutOfRangeException(nameof(lr), lr, "the learning rate must not be negative");
        if (weight_decay is < 0) throw new ArgumentOutOfRangeException(nameof(weight_decay), weight_decay, "the weight decay must not be negative");
        _lr = lr;
        _weightDecay = weight_decay;
    }

    private double? _lr;
    private double? _weightDecay;

    /// <summary>The parameters (not owned by the group).</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>The current learning rate (LR schedules set it before each step).</summary>
    public double lr
    {
        get => _lr ?? throw new InvalidOperationException("the group is not yet part of an optimizer");
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _lr = value;
        }
    }

    /// <summary>The L2 penalty (SGD, Adam) or decoupled decay (AdamW).</summary>
    public double weight_decay
    {
        get => _weightDecay ?? 0;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _weightDecay = value;
        }
    }

    /// <summary>The learning rate LR schedules start from; set by the first schedule attached to the optimizer.</summary>
    public double? initial_lr { get; set; }

    internal void ApplyDefaults(double lr, double weight_decay)
    {
        _lr ??= lr;
        _weightDecay ??= weight_decay;
    }
}
