namespace MLSegmentation.Torch.Modules;

/// <summary>
/// y = x·Wᵀ + b over the last dimension, as PyTorch's <c>nn.Linear</c> (weight [out, in]),
/// initialised as PyTorch does (kaiming-uniform with a = √5; bias uniform in ±1/√in).
/// </summary>
public sealed class Linear : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer with PyTorch's default initialisation.</summary>
    public Linear(long in_features, long out_features, bool bias = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(in_features, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(out_features, 1);
        this.in_features = in_features;
        this.out_features = out_features;
        register_parameter(nameof(weight), Init.KaimingUniformDefault([out_features, in_features], in_features));
        register_parameter(nameof(this.bias), bias ? Init.BiasDefault(out_features, in_features) : null);
    }

    /// <summary>Input features.</summary>
    public long in_features { get; }
    /// <summary>Output features.</summary>
    public long out_features { get; }
    /// <summary>The weight [out, in] (owned by the module).</summary>
    public Parameter weight => get_parameter(nameof(weight))!;
    /// <summary>The bias, or null (owned by the module).</summary>
    public Parameter? bias => get_parameter(nameof(bias));

    /// <summary>Applies the layer; the result is owned by the caller.</summary>
    public override Tensor forward(Tensor input) => torch.nn.functional.linear(input, Resolve(nameof(weight))!, Resolve(nameof(bias)));
}
