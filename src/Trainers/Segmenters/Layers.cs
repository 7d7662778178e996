using MLSegmentation.Networks;
using MLSegmentation.Torch;
using MLSegmentation.Torch.Modules;

namespace MLSegmentation.Trainers.Segmenters;

/// <summary>Builds the 2D or 3D variant of each layer a <see cref="UNet"/> is made of.</summary>
internal static class Layers
{
    internal static ConvolutionBase Convolution(UNetOptions o, long cin, long cout, long kernelSize, long stride, long padding, bool bias) =>
        o.Dimensions == 2
            ? torch.nn.Conv2d(cin, cout, kernelSize, stride, padding, bias: bias)
            : torch.nn.Conv3d(cin, cout, kernelSize, stride, padding, bias: bias);

    internal static ConvolutionBase TransposedConvolution(UNetOptions o, long cin, long cout) =>
        o.Dimensions == 2
            ? torch.nn.ConvTranspose2d(cin, cout, 2, stride: 2)
            : torch.nn.ConvTranspose3d(cin, cout, 2, stride: 2);

    internal static Module<Tensor, Tensor> Norm(UNetOptions o, long channels) => (o.Normalization, o.Dimensions) switch
    {
        (Normalization.Batch, 2) => torch.nn.BatchNorm2d(channels),
        (Normalization.Batch, _) => torch.nn.BatchNorm3d(channels),
        (Normalization.Instance, 2) => torch.nn.InstanceNorm2d(channels, affine: true),
        (Normalization.Instance, _) => torch.nn.InstanceNorm3d(channels, affine: true),
        _ => torch.nn.GroupNorm(o.Groups, channels),
    };

    internal static Module<Tensor, Tensor> Nonlinearity(UNetOptions o) =>
        o.Activation == Activation.ReLU ? torch.nn.ReLU(inplace: true) : torch.nn.LeakyReLU(0.01, inplace: true);

    internal static Module<Tensor, Tensor> Pool(UNetOptions o) =>
        o.Dimensions == 2 ? torch.nn.MaxPool2d(2) : torch.nn.MaxPool3d(2);
}
