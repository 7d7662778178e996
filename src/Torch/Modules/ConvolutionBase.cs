namespace MLSegmentation.Torch.Modules;

/// <summary>
/// What the convolution modules share: options, a <c>weight</c> and optional <c>bias</c> initialised as
/// PyTorch does (kaiming-uniform with a = √5; bias uniform in ±1/√fan_in), drawn from the global generator.
/// Kernel size, stride, padding and dilation apply to every spatial dimension.
/// </summary>
public abstract class ConvolutionBase : Module<Tensor, Tensor>
{
    private protected ConvolutionBase(int spatialDims, bool transposed, long in_channels, long out_channels, long kernel_size,
        long stride, long padding, long output_padding, long dilation, long groups, bool bias)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(in_channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(out_channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(kernel_size, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        ArgumentOutOfRangeException.ThrowIfNegative(output_padding);
        ArgumentOutOfRangeException.ThrowIfLessThan(dilation, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        if (in_channels % groups != 0 || out_channels % groups != 0)
            throw new ArgumentException($"{GetType().Name}: in_channels ({in_channels}) and out_channels ({out_channels}) must be divisible by groups ({groups})");
        SpatialDims = spatialDims;
        this.in_channels = in_channels;
        this.out_channels = out_channels;
        this.kernel_size = kernel_size;
        this.stride = stride;
        this.padding = padding;
        this.output_padding = output_padding;
        this.dilation = dilation;
        this.groups = groups;
        var shape = new long[2 + spatialDims];
        shape[0] = transposed ? in_channels : out_channels;
        shape[1] = transposed ? out_channels / groups : in_channels / groups;
        for (int k = 0; k < spatialDims; k++) shape[2 + k] = kernel_size;
        long fanIn = Init.FanIn(shape);
        register_parameter(nameof(weight), Init.KaimingUniformDefault(shape, fanIn));
        register_parameter(nameof(this.bias), bias ? Init.BiasDefault(out_channels, fanIn) : null);
    }

    /// <summary>Number of spatial dimensions (2 or 3).</summary>
    private protected int SpatialDims { get; }

    /// <summary>Input channels.</summary>
    public long in_channels { get; }
    /// <summary>Output channels.</summary>
    public long out_channels { get; }
    /// <summary>Kernel size along every spatial dimension.</summary>
    public long kernel_size { get; }
    /// <summary>Stride.</summary>
    public long stride { get; }
    /// <summary>Zero padding on each side.</summary>
    public long padding { get; }
    /// <summary>Extra size added to one side of the output (transposed convolutions only).</summary>
    public long output_padding { get; }
    /// <summary>Kernel dilation.</summary>
    public long dilation { get; }
    /// <summary>Number of channel groups.</summary>
    public long groups { get; }

    /// <summary>The kernel (owned by the module).</summary>
    public Parameter weight => get_parameter(nameof(weight))!;

    /// <summary>The bias, or null when created with <c>bias: false</c> (owned by the module).</summary>
    public Parameter? bias => get_parameter(nameof(bias));

    private protected void CheckInput(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != SpatialDims + 2)
        {
            throw new ArgumentException(
                $"{GetName()} takes {(SpatialDims == 2 ? "[N, C, H, W]" : "[N, C, D, H, W]")} input, got shape {Tensor.ShapeText(input.shape)}", nameof(input));
        }
    }
}
