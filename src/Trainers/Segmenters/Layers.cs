using MLSegmentation.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace MLSegmentation.Trainers.Segmenters;

/// <summary>Builds the 2D or 3D variant of each layer a <see cref="UNet"/> is made of.</summary>
internal static class Layers
{
    internal static Convolution Convolution(UNetOptions o, long cin, long cout, long kernelSize, long stride, long padding, bool bias) =>
        new(o.Dimensions, cin, cout, kernelSize, stride, padding, bias);

    internal static Convolution Convolution(UNetOptions o, long cin, long cout, long kernelSize, long[] stride, long padding, bool bias) =>
        new(o.Dimensions, cin, cout, kernelSize, stride, padding, bias);

    internal static nn.Module<Tensor, Tensor> Norm(UNetOptions o, long channels) => o.Normalization switch
    {
        Normalization.Batch => new BatchNormalization(channels, o.Dimensions),
        Normalization.Instance => new InstanceNormalization(channels, o.Dimensions),
        _ => new GroupNormalization(o.Groups, channels),
    };

    internal static nn.Module<Tensor, Tensor> Nonlinearity(UNetOptions o) =>
        o.Activation == Activation.ReLU ? nn.ReLU(inplace: true) : nn.LeakyReLU(0.01, inplace: true);

    internal static nn.Module<Tensor, Tensor> Upsample(long[] factors) =>
        nn.Upsample(scale_factor: [.. factors.Select(f => (double)f)], mode: UpsampleMode.Nearest);
}
