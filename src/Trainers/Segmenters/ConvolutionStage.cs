using MLSegmentation.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace MLSegmentation.Trainers.Segmenters;

/// <summary>
/// One U-Net stage: <see cref="UNetOptions.ConvolutionsPerStage"/> × (3×3 convolution, normalisation,
/// non-linearity) as <c>layers.0</c>, <c>layers.1</c>, …; the first convolution may have a stride of 2 on some or all axes (strided down-sampling).
/// </summary>
public sealed class ConvolutionStage : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006, SA1300 // TorchSharp registers module fields by name as well: the field must be named as the registered module.
    private readonly nn.Module<Tensor, Tensor> layers;
#pragma warning restore IDE1006, SA1300

    internal ConvolutionStage(UNetOptions options, int inChannels, int outChannels, long[] firstStride) : base(nameof(ConvolutionStage))
    {
        var stage = new List<nn.Module<Tensor, Tensor>>();
        for (int k = 0; k < options.ConvolutionsPerStage; k++)
        {
            int cin = k == 0 ? inChannels : outChannels;
            long[] stride = k == 0 ? firstStride : [.. Enumerable.Repeat(1L, options.Dimensions)];
            stage.Add(Layers.Convolution(options, cin, outChannels, kernelSize: 3, stride, padding: 1, bias: false));
            stage.Add(Layers.Norm(options, outChannels));
            stage.Add(Layers.Nonlinearity(options));
        }
        layers = nn.Sequential(stage.ToArray());
        register_module(nameof(layers), layers);
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => layers.forward(input);
}
