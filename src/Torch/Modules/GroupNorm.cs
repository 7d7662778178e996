namespace MLSegmentation.Torch.Modules;

/// <summary>
/// Group normalisation, as PyTorch's <c>nn.GroupNorm</c>: channels split into groups, each normalised per
/// sample; with <c>affine</c> a per-channel scale (ones) and shift (zeros).
/// </summary>
public sealed class GroupNorm : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    public GroupNorm(long num_groups, long num_channels, double eps = 1e-5, bool affine = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(num_groups, 1);
        if (num_channels % num_groups != 0)
            throw new ArgumentException($"GroupNorm: num_channels ({num_channels}) must be divisible by num_groups ({num_groups})", nameof(num_channels));
        this.num_groups = num_groups;
        this.num_channels = num_channels;
        this.eps = eps;
        this.affine = affine;
        register_parameter(nameof(weight), affine ? Init.Constant([num_channels], 1) : null);
        register_parameter(nameof(bias), affine ? Init.Constant([num_channels], 0) : null);
    }

    /// <summary>Number of groups.</summary>
    public long num_groups { get; }
    /// <summary>Number of channels.</summary>
    public long num_channels { get; }
    /// <summary>Added to the variance for stability.</summary>
    public double eps { get; }
    /// <summary>True with a learnable per-channel scale and shift.</summary>
    public bool affine { get; }
    /// <summary>Scale, or null (owned by the module).</summary>
    public Parameter? weight => get_parameter(nameof(weight));
    /// <summary>Shift, or null (owned by the module).</summary>
    public Parameter? bias => get_parameter(nameof(bias));

    /// <summary>Normalises <paramref name="input"/>; the result is owned by the caller.</summary>
    public override Tensor forward(Tensor input) =>
        torch.nn.functional.group_norm(input, num_groups, Resolve(nameof(weight)), Resolve(nameof(bias)), eps);
}
