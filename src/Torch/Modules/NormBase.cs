namespace MLSegmentation.Torch.Modules;

/// <summary>
/// What batch and instance normalisation share (PyTorch's <c>_NormBase</c>): an affine <c>weight</c> (ones) and
/// <c>bias</c> (zeros), and with running statistics the buffers <c>running_mean</c> (zeros), <c>running_var</c>
/// (ones) and <c>num_batches_tracked</c> (int64 0), named as PyTorch names them so state dicts line up.
/// </summary>
public abstract class NormBase : Module<Tensor, Tensor>
{
    private protected NormBase(int spatialDims, long num_features, double eps, double? momentum, bool affine, bool track_running_stats)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(num_features, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(eps);
        SpatialDims = spatialDims;
        this.num_features = num_features;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.track_running_stats = track_running_stats;
        register_parameter(nameof(weight), affine ? Init.Constant([num_features], 1) : null);
        register_parameter(nameof(bias), affine ? Init.Constant([num_features], 0) : null);
        register_buffer(nameof(running_mean), track_running_stats ? torch.zeros([num_features]) : null);
        register_buffer(nameof(running_var), track_running_stats ? torch.ones([num_features]) : null);
        register_buffer(nameof(num_batches_tracked), track_running_stats ? torch.zeros([], ScalarType.Int64) : null);
    }

    private protected int SpatialDims { get; }

    /// <summary>Channels (C of the input).</summary>
    public long num_features { get; }
    /// <summary>Added to the variance for stability.</summary>
    public double eps { get; }
    /// <summary>Weight of the new batch statistic in the running average; null: a cumulative average.</summary>
    public double? momentum { get; }
    /// <summary>True when the layer has a learnable scale and shift.</summary>
    public bool affine { get; }
    /// <summary>True when the layer keeps running statistics.</summary>
    public bool track_running_stats { get; }

    /// <summary>Scale γ, or null without <see cref="affine"/> (owned by the module).</summary>
    public Parameter? weight => get_parameter(nameof(weight));
    /// <summary>Shift β, or null without <see cref="affine"/> (owned by the module).</summary>
    public Parameter? bias => get_parameter(nameof(bias));
    /// <summary>Running mean, or null (owned by the module).</summary>
    public Tensor? running_mean => get_buffer(nameof(running_mean));
    /// <summary>Running (unbiased) variance, or null (owned by the module).</summary>
    public Tensor? running_var => get_buffer(nameof(running_var));
    /// <summary>Number of training batches seen, or null (owned by the module).</summary>
    public Tensor? num_batches_tracked => get_buffer(nameof(num_batches_tracked));

    /// <summary>Resets the running statistics to their initial values.</summary>
    public void reset_running_stats()
    {
        using (torch.no_grad())
        {
            running_mean?.zero_();
            running_var?.fill_(1);
            num_batches_tracked?.zero_();
        }
    }

    private protected void CheckInput(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != SpatialDims + 2)
        {
            throw new ArgumentException(
                $"{GetName()} takes {(SpatialDims == 2 ? "[N, C, H, W]" : "[N, C, D, H, W]")} input, got shape {Tensor.ShapeText(input.shape)}", nameof(input));
        }
        if (input.size(1) != num_features)
            throw new ArgumentException($"{GetName()} has {num_features} features, the input has {input.size(1)} channels", nameof(input));
    }
}
