using MLSegmentation.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace MLSegmentation.Trainers.Segmenters;

/// <summary>
/// One U-Net stage: <see cref="UNetOptions.ConvolutionsPerStage"/> × (3×3 convolution, normalisation,
/// non-linearity) as <c>layers.0</c>, <c>layers.1</c>, …; the first convolution may have stride 2 (strided down-sampling).
/// </summary>
public sealed class ConvolutionStage : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> _layers;

    internal ConvolutionStage(UNetOptions options, int inChannels, int outChannels, int firstStride) : base(nameof(ConvolutionStage))
    {
        var layers = new List<nn.Module<Tensor, Tensor>>();
        for (int k = 0; k < options.ConvolutionsPerStage; k++)
        {
            int cin = k == 0 ? inChannels : outChannels;
            int stride = k == 0 ? firstStride : 1;
            layers.Add(Layers.Convolution(options, cin, outChannels, kernelSize: 3, stride, padding: 1, bias: false));
            layers.Add(Layers.Norm(options, outChannels));
            layers.Add(Layers.Nonlinearity(options));
        }
        _layers = nn.Sequential(layers.ToArray());
        register_module("layers", _layers);
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => _layers.forward(input);
}
