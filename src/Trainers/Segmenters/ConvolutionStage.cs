using MLSegmentation.Networks;
using MLSegmentation.Torch;
using MLSegmentation.Torch.Modules;

namespace MLSegmentation.Trainers.Segmenters;

/// <summary>
/// One U-Net stage: <see cref="UNetOptions.ConvolutionsPerStage"/> × (3×3 convolution, normalisation,
/// non-linearity); the first convolution may have stride 2 (strided down-sampling).
/// </summary>
public sealed class ConvolutionStage : Module<Tensor, Tensor>
{
    private readonly Sequential _layers;

    internal ConvolutionStage(UNetOptions options, int inChannels, int outChannels, int firstStride)
    {
        var layers = new List<Module<Tensor, Tensor>>();
        for (int k = 0; k < options.ConvolutionsPerStage; k++)
        {
            int cin = k == 0 ? inChannels : outChannels;
            int stride = k == 0 ? firstStride : 1;
            layers.Add(Layers.Convolution(options, cin, outChannels, kernelSize: 3, stride, padding: 1, bias: false));
            layers.Add(Layers.Norm(options, outChannels));
            layers.Add(Layers.Nonlinearity(options));
        }
        _layers = torch.nn.Sequential(layers.ToArray());
        register_module("layers", _layers);
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => _layers.forward(input);
}
