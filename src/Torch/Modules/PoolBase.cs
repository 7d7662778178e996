namespace MLSegmentation.Torch.Modules;

/// <summary>What the pooling modules share: kernel size, stride (default: the kernel size) and padding for every spatial dimension.</summary>
public abstract class PoolBase : Module<Tensor, Tensor>
{
    private protected PoolBase(int spatialDims, long kernel_size, long? stride, long padding)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(kernel_size, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        if (stride is < 1) throw new ArgumentOutOfRangeException(nameof(stride), stride, "the stride must be at least 1");
        if (2 * padding > kernel_size) throw new ArgumentException($"padding ({padding}) must be at most half the kernel size ({kernel_size})", nameof(padding));
        SpatialDims = spatialDims;
        this.kernel_size = kernel_size;
        this.stride = stride ?? kernel_size;
        this.padding = padding;
    }

    private protected int SpatialDims { get; }

    /// <summary>Window size.</summary>
    public long kernel_size { get; }
    /// <summary>Step between windows.</summary>
    public long stride { get; }
    /// <summary>Implicit padding on each side.</summary>
    public long padding { get; }

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
