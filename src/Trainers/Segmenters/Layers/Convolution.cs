using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MLSegmentation.Trainers.Segmenters;

/// <summary>
/// A 2D or 3D convolution with PyTorch's parameters (<c>weight</c> [out, in, k…], optional <c>bias</c> [out]) and
/// initialisation (Kaiming-uniform with a = √5), over <c>conv2d</c>/<c>conv3d</c>; parameters are read through
/// <see cref="ParameterSubstitution"/>.
/// </summary>
public sealed class Convolution : nn.Module<Tensor, Tensor>
{
    private readonly int _dimensions;
    private readonly long[] _stride;
    private readonly long _padding;
#pragma warning disable IDE1006, SA1300 // TorchSharp maps fields named as their registered parameters on to(device).
    private Parameter weight;
    private Parameter? bias;
#pragma warning restore IDE1006, SA1300

    /// <summary>A <paramref name="dimensions"/>-D convolution with a cubic kernel of <paramref name="kernelSize"/>.</summary>
    public Convolution(int dimensions, long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0, bool bias = true)
        : this(dimensions, inChannels, outChannels, kernelSize, [.. Enumerable.Repeat(stride, Math.Max(dimensions, 0))], padding, bias)
    {
    }

    /// <summary>A <paramref name="dimensions"/>-D convolution with a cubic kernel and a stride per spatial axis.</summary>
    public Convolution(int dimensions, long inChannels, long outChannels, long kernelSize, long[] stride, long padding = 0, bool bias = true)
        : base(dimensions == 2 ? "Conv2d" : "Conv3d")
    {
        if (dimensions is not (2 or 3)) throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, "2 or 3");
        ArgumentNullException.ThrowIfNull(stride);
        if (stride.Length != dimensions || stride.Any(s => s < 1))
            throw new ArgumentException($"stride [{string.Join(", ", stride)}]: {dimensions} positive values expected", nameof(stride));
        _dimensions = dimensions;
        _stride = [.. stride];
        _padding = padding;
        long[] shape = [outChannels, inChannels, .. Enumerable.Repeat(kernelSize, dimensions)];
        weight = new Parameter(empty(shape));
        register_parameter(nameof(weight), weight);
        this.bias = bias ? new Parameter(empty(outChannels)) : null;
        if (this.bias is not null) register_parameter(nameof(bias), this.bias);
        DefaultInitialization.KaimingUniform(weight, this.bias, fanIn: inChannels * (long)Math.Pow(kernelSize, dimensions));
    }

    /// <summary>The kernel [out, in, k…].</summary>
    public Parameter Weight => weight;

    /// <summary>The bias [out], or null.</summary>
    public Parameter? Bias => bias;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) =>
        OneDnnChannelGuard.Run(input, ParameterSubstitution.Resolve(weight), ParameterSubstitution.ResolveOptional(bias), inDim: 1, outDim: 0, Run);

    private Tensor Run(Tensor x, Tensor w, Tensor? b)
    {
        long[] padding = [.. Enumerable.Repeat(_padding, _dimensions)];
        return _dimensions == 2 ? F.conv2d(x, w, b, _stride, padding) : F.conv3d(x, w, b, _stride, padding);
    }
}
