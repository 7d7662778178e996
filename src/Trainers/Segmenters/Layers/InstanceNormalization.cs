using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MLSegmentation.Trainers.Segmenters;

/// <summary>
/// Instance normalisation with affine parameters (<c>weight</c>, <c>bias</c>; eps 1e-5) and no running statistics, as
/// PyTorch's <c>InstanceNorm2d/3d(affine=True)</c>: every sample is normalised with its own statistics in training and
/// evaluation alike.
/// </summary>
public sealed class InstanceNormalization : nn.Module<Tensor, Tensor>
{
    private const double Eps = 1e-5;
#pragma warning disable IDE1006, SA1300 // TorchSharp maps fields named as their registered parameters on to(device).
    private Parameter weight;
    private Parameter bias;
#pragma warning restore IDE1006, SA1300

    /// <summary>Over <paramref name="channels"/> channels.</summary>
    public InstanceNormalization(long channels, int dimensions) : base(dimensions == 2 ? "InstanceNorm2d" : "InstanceNorm3d")
    {
        weight = new Parameter(ones(channels));
        bias = new Parameter(zeros(channels));
        register_parameter(nameof(weight), weight);
        register_parameter(nameof(bias), bias);
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) =>
        F.instance_norm(input, null, null, ParameterSubstitution.Resolve(weight), ParameterSubstitution.Resolve(bias), use_input_stats: true, momentum: 0.1, eps: Eps);
}
