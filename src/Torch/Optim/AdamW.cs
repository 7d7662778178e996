namespace MLSegmentation.Torch.Optim;

/// <summary>
/// Adam with decoupled weight decay (Loshchilov and Hutter), with PyTorch 1.13's update rule: θ = θ·(1 − lr·wd)
/// before the Adam step, which itself uses the plain gradient. The default weight decay is 0.01, as PyTorch's.
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>Creates the optimizer over <paramref name="groups"/>; their unset options take <paramref name="lr"/> and <paramref name="weight_decay"/>.</summary>
    public AdamW(IEnumerable<ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weight_decay = 1e-2, bool amsgrad = false)
        : base(groups, lr, beta1, beta2, eps, weight_decay, amsgrad, decoupled: true)
    {
    }

    /// <summary>Creates the optimizer over one group of <paramref name="parameters"/>.</summary>
    public AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weight_decay = 1e-2, bool amsgrad = false)
        : base([new ParamGroup(parameters)], lr, beta1, beta2, eps, weight_decay, amsgrad, decoupled: true)
    {
    }
}
