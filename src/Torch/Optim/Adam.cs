using MLSegmentation.Torch.Modules;

namespace MLSegmentation.Torch.Optim;

/// <summary>
/// Adam, with PyTorch 1.13's update rule: m = β₁m + (1 − β₁)g; v = β₂v + (1 − β₂)g²; (amsgrad: v̂ = max(v̂, v));
/// θ = θ − lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε). Weight decay is an L2 term added to g
/// (<see cref="AdamW"/> decouples it instead).
/// </summary>
public class Adam : Optimizer
{
    private readonly bool _decoupled;

    /// <summary>Creates the optimizer over <paramref name="groups"/>; their unset options take <paramref name="lr"/> and <paramref name="weight_decay"/>.</summary>
    public Adam(IEnumerable<ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weight_decay = 0, bool amsgrad = false)
        : this(groups, lr, beta1, beta2, eps, weight_decay, amsgrad, decoupled: false)
    {
    }

    /// <summary>Creates the optimizer over one group of <paramref name="parameters"/>.</summary>
    public Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weight_decay = 0, bool amsgrad = false)
        : this([new ParamGroup(parameters)], lr, beta1, beta2, eps, weight_decay, amsgrad, decoupled: false)
    {
    }

    private protected Adam(IEnumerable<ParamGroup> groups, double lr, double beta1, double beta2, double eps, double weight_decay, bool amsgrad, bool decoupled)
        : base(groups, lr, weight_decay)
    {
        if (beta1 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "β₁ must be in [0, 1)");
        if (beta2 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "β₂ must be in [0, 1)");
        ArgumentOutOfRangeException.ThrowIfNegative(eps);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.amsgrad = amsgrad;
        _decoupled = decoupled;
    }

    /// <summary>Decay of the first moment.</summary>
    public double beta1 { get; }
    /// <summary>Decay of the second moment.</summary>
    public double beta2 { get; }
    /// <summary>Added to the denominator for stability.</summary>
    public double eps { get; }
    /// <summary>True for the AMSGrad variant (the maximum of past second moments).</summary>
    public bool amsgrad { get; }

    private protected override void Update(ParamGroup group, ParameterState state, Tensor parameter, Tensor grad)
    {
        Tensor expAvg = StateTensor(state, "exp_avg", parameter);
        Tensor expAvgSq = StateTensor(state, "exp_avg_sq", parameter);
        state.Step++;
        double lr = group.lr, wd = group.weight_decay;
        if (_decoupled) parameter.mul_(1 - lr * wd);
        else if (wd != 0) grad = grad.add(parameter, wd);
        expAvg.mul_(beta1).add_(grad, 1 - beta1);
        expAvgSq.mul_(beta2).addcmul_(grad, grad, 1 - beta2);
        double biasCorrection1 = 1 - Math.Pow(beta1, state.Step);
        double biasCorrection2 = 1 - Math.Pow(beta2, state.Step);
        double stepSize = lr / biasCorrection1;
        double biasCorrection2Sqrt = Math.Sqrt(biasCorrection2);
        Tensor second = expAvgSq;
        if (amsgrad)
        {
            Tensor max = StateTensor(state, "max_exp_avg_sq", parameter);
            max.copy_(max.maximum(expAvgSq));
            second = max;
        }
        Tensor denom = second.sqrt();
        ModuleOps.DivScalarInPlace(denom, biasCorrection2Sqrt);
        ModuleOps.AddScalarInPlace(denom, eps);
        parameter.addcdiv_(expAvg, denom, -stepSize);
    }
}
