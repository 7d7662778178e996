namespace MLSegmentation.Torch.Optim;

/// <summary>
/// Stochastic gradient descent with momentum, dampening, Nesterov momentum and L2 weight decay, with
/// PyTorch 1.13's update rule: d = g + wd·θ; b = d at the first step, else μ·b + (1 − τ)·d;
/// d = d + μ·b (Nesterov) or b; θ = θ − lr·d.
/// </summary>
public sealed class SGD : Optimizer
{
    /// <summary>Creates the optimizer over <paramref name="groups"/>; their unset options take <paramref name="lr"/> and <paramref name="weight_decay"/>.</summary>
    public SGD(IEnumerable<ParamGroup> groups, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false)
        : base(groups, lr, weight_decay)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(momentum);
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException("Nesterov momentum requires a momentum and zero dampening", nameof(nesterov));
        this.momentum = momentum;
        this.dampening = dampening;
        this.nesterov = nesterov;
    }

    /// <summary>Creates the optimizer over one group of <paramref name="parameters"/>.</summary>
    public SGD(IEnumerable<Tensor> parameters, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false)
        : this([new ParamGroup(parameters)], lr, momentum, dampening, weight_decay, nesterov)
    {
    }

    /// <summary>Momentum factor μ.</summary>
    public double momentum { get; }
    /// <summary>Dampening τ of the momentum.</summary>
    public double dampening { get; }
    /// <summary>True for Nesterov momentum.</summary>
    public bool nesterov { get; }

    private protected override void Update(ParamGroup group, ParameterState state, Tensor parameter, Tensor grad)
    {
        state.Step++;
        Tensor d = group.weight_decay != 0 ? grad.add(parameter, group.weight_decay) : grad;
        if (momentum != 0)
        {
            Tensor buffer;
            if (!HasStateTensor(state, "momentum_buffer"))
            {
                buffer = StateTensor(state, "momentum_buffer", parameter, () => d.clone());
            }
            else
            {
                buffer = StateTensor(state, "momentum_buffer", parameter);
                buffer.mul_(momentum).add_(d, 1 - dampening);
            }
            d = nesterov ? d.add(buffer, momentum) : buffer;
        }
        parameter.add_(d, -group.lr);
    }
}
