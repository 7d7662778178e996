namespace MLSegmentation.Torch.Modules;

/// <summary>A 2D transposed convolution ("deconvolution"), as PyTorch's <c>nn.ConvTranspose2d</c>: weight [in, out/groups, k...].</summary>
public sealed class ConvTranspose2d : ConvolutionBase
{
    /// <summary>Creates the layer with PyTorch's default initialisation.</summary>
    public ConvTranspose2d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0, long output_padding = 0, long dilation = 1,
        long groups = 1, bool bias = true)
        : base(2, true, in_channels, out_channels, kernel_size, stride, padding, output_padding, dilation, groups, bias)
    {
    }

    /// <summary>Convolves <paramref name="input"/>; the result is owned by the caller.</summary>
    public override Tensor forward(Tensor input)
    {
        CheckInput(input);
        return torch.nn.functional.conv_transpose2d(input, Resolve(nameof(weight))!, Resolve(nameof(bias)), stride, padding, output_padding, groups, dilation);
    }
}
