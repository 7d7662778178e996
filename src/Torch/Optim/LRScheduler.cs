using MLSegmentation.Torch.Serialization;

namespace MLSegmentation.Torch.Optim;

/// <summary>
/// The base of learning-rate schedules, as PyTorch's <c>torch.optim.lr_scheduler</c>: each group's learning rate
/// is a closed-form function of its initial learning rate and the epoch (or iteration) counter
/// <see cref="last_epoch"/>. Creating a schedule sets epoch 0's rates; <see cref="step"/> advances by one and sets
/// the next rates. Call it after <see cref="Optimizer.step"/>. A schedule holds no native resources.
/// </summary>
public abstract class LRScheduler
{
    private readonly double[] _baseLrs;
    private double[] _lastLrs;

    private protected LRScheduler(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        this.optimizer = optimizer;
        foreach (ParamGroup g in optimizer.param_groups) g.initial_lr ??= g.lr;
        _baseLrs = optimizer.param_groups.Select(g => g.initial_lr!.Value).ToArray();
        _lastLrs = [.. _baseLrs];
    }

    /// <summary>The optimizer whose learning rates the schedule sets (not owned).</summary>
    public Optimizer optimizer { get; }

    /// <summary>The number of <see cref="step"/> calls so far.</summary>
    public long last_epoch { get; private set; }

    /// <summary>Each group's initial learning rate.</summary>
    public IReadOnlyList<double> base_lrs => _baseLrs;

    /// <summary>The learning rates set by the last <see cref="step"/> (or by the constructor).</summary>
    public IReadOnlyList<double> get_last_lr() => _lastLrs;

    /// <summary>Advances the counter and sets every group's learning rate for it.</summary>
    public void step()
    {
        last_epoch++;
        Apply();
    }

    /// <summary>The learning rate of a group whose initial rate is <paramref name="baseLr"/> at <paramref name="epoch"/>.</summary>
    public abstract double LrAt(double baseLr, long epoch);

    /// <summary>Sets the learning rates of <see cref="last_epoch"/>; derived constructors call it once their options are set.</summary>
    private protected void Apply()
    {
        var lrs = new double[_baseLrs.Length];
        for (int g = 0; g < lrs.Length; g++)
        {
            lrs[g] = LrAt(_baseLrs[g], last_epoch);
            optimizer.param_groups[g].lr = lrs[g];
        }
        _lastLrs = lrs;
    }

    /// <summary>The counter and base learning rates (<c>last_epoch</c>, <c>base_lrs</c>), to save with a checkpoint; dispose it when done.</summary>
    public StateDict state_dict()
    {
        var dict = new StateDict();
        dict.Metadata["scheduler"] = GetType().Name;
        dict.Add("last_epoch", torch.tensor((double)last_epoch, ScalarType.Int64));
        dict.Add("base_lrs", torch.tensor(_baseLrs));
        return dict;
    }

    /// <summary>Restores the state saved by <see cref="state_dict"/> and sets the learning rates for the restored counter.</summary>
    /// <exception cref="ArgumentException">The state is missing entries or has a different number of groups.</exception>
    public void load_state_dict(IReadOnlyDictionary<string, Tensor> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.TryGetValue("last_epoch", out Tensor? epoch) || !state.TryGetValue("base_lrs", out Tensor? bases))
            throw new ArgumentException("an LR schedule state needs the entries 'last_epoch' and 'base_lrs'", nameof(state));
        using Tensor asDouble = bases.to(ScalarType.Float64);
        double[] lrs = asDouble.data<double>();
        if (lrs.Length != _baseLrs.Length)
            throw new ArgumentException($"the state has {lrs.Length} base learning rates, the optimizer has {_baseLrs.Length} groups", nameof(state));
        long e = epoch.item<long>();
        ArgumentOutOfRangeException.ThrowIfNegative(e, nameof(state));
        lrs.CopyTo(_baseLrs, 0);
        for (int g = 0; g < lrs.Length; g++) optimizer.param_groups[g].initial_lr = lrs[g];
        last_epoch = e;
        Apply();
    }
}
