using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MLSegmentation.Trainers.Segmenters;

/// <summary>
/// A 2D or 3D transposed convolution with PyTorch's parameters (<c>weight</c> [in, out, k…], <c>bias</c> [out]) and
/// initialisation, over <c>conv_transpose2d</c>/<c>conv_transpose3d</c>; parameters are read through
/// <see cref="ParameterSubstitution"/>.
/// </summary>
public sealed class TransposedConvolution : nn.Module<Tensor, Tensor>
{
    private readonly int _dimensions;
    private readonly long[] _stride;
#pragma warning disable IDE1006, SA1300 // TorchSharp maps fields named as their registered parameters on to(device).
    private Parameter weight;
    private Parameter bias;
#pragma warning restore IDE1006, SA1300

    /// <summary>A <paramref name="dimensions"/>-D transposed convolution with a cubic kernel and the same stride on every axis.</summary>
    public TransposedConvolution(int dimensions, long inChannels, long outChannels, long kernelSize, long stride)
        : this(dimensions, inChannels, outChannels, [.. Enumerable.Repeat(kernelSize, Math.Max(dimensions, 0))], [.. Enumerable.Repeat(stride, Math.Max(dimensions, 0))])
    {
    }

    /// <summary>A <paramref name="dimensions"/>-D transposed convolution with a kernel size and a stride per spatial axis.</summary>
    public TransposedConvolution(int dimensions, long inChannels, long outChannels, long[] kernelSize, long[] stride)
        : base(dimensions == 2 ? "ConvTranspose2d" : "ConvTranspose3d")
    {
        if (dimensions is not (2 or 3)) throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, "2 or 3");
        ArgumentNullException.ThrowIfNull(kernelSize);
        ArgumentNullException.ThrowIfNull(stride);
        if (kernelSize.Length != dimensions || kernelSize.Any(k => k < 1))
            throw new ArgumentException($"kernel size [{string.Join(", ", kernelSize)}]: {dimensions} positive values expected", nameof(kernelSize));
        if (stride.Length != dimensions || stride.Any(s => s < 1))
            throw new ArgumentException($"stride [{string.Join(", ", stride)}]: {dimensions} positive values expected", nameof(stride));
        _dimensions = dimensions;
        _stride = [.. stride];
        weight = new Parameter(empty([inChannels, outChannels, .. kernelSize]));
        register_parameter(nameof(weight), weight);
        bias = new Parameter(empty(outChannels));
        register_parameter(nameof(bias), bias);
        // PyTorch computes the fan-in of a transposed kernel from its second dimension.
        DefaultInitialization.KaimingUniform(weight, bias, fanIn: outChannels * kernelSize.Aggregate(1L, (a, k) => a * k));
    }

    /// <summary>The kernel [in, out, k…].</summary>
    public Parameter Weight => weight;

    /// <summary>The bias [out].</summary>
    public Parameter Bias => bias;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) =>
        OneDnnChannelGuard.Run(input, ParameterSubstitution.Resolve(weight), ParameterSubstitution.Resolve(bias), inDim: 0, outDim: 1, Run);

    private Tensor Run(Tensor x, Tensor w, Tensor? b) =>
        _dimensions == 2 ? F.conv_transpose2d(x, w, b, _stride) : F.conv_transpose3d(x, w, b, _stride);
}
