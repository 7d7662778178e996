namespace MLSegmentation.Torch.Modules;

/// <summary>A 3D convolution, as PyTorch's <c>nn.Conv3d</c>: weight [out, in/groups, k...].</summary>
public sealed class Conv3d : ConvolutionBase
{
    /// <summary>Creates the layer with PyTorch's default initialisation.</summary>
    public Conv3d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0, long dilation = 1,
        long groups = 1, bool bias = true)
        : base(3, false, in_channels, out_channels, kernel_size, stride, padding, 0, dilation, groups, bias)
    {
    }

    /// <summary>Convolves <paramref name="input"/>; the result is owned by the caller.</summary>
    public override Tensor forward(Tensor input)
    {
        CheckInput(input);
        return torch.nn.functional.conv3d(input, Resolve(nameof(weight))!, Resolve(nameof(bias)), stride, padding, dilation, groups);
    }
}
