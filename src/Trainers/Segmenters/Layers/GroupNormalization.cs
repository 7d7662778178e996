using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MLSegmentation.Trainers.Segmenters;

/// <summary>Group normalisation with affine parameters (<c>weight</c>, <c>bias</c>; eps 1e-5), as PyTorch's <c>GroupNorm</c>.</summary>
public sealed class GroupNormalization : nn.Module<Tensor, Tensor>
{
    private const double Eps = 1e-5;
    private readonly long _groups;
#pragma warning disable IDE1006, SA1300 // TorchSharp maps fields named as their registered parameters on to(device).
    private Parameter weight;
    private Parameter bias;
#pragma warning restore IDE1006, SA1300

    /// <summary><paramref name="channels"/> channels in <paramref name="groups"/> groups.</summary>
    public GroupNormalization(long groups, long channels) : base("GroupNorm")
    {
        if (groups < 1 || channels % groups != 0) throw new ArgumentException($"{channels} channels cannot be split into {groups} groups", nameof(groups));
        _groups = groups;
        weight = new Parameter(ones(channels));
        bias = new Parameter(zeros(channels));
        register_parameter(nameof(weight), weight);
        register_parameter(nameof(bias), bias);
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) =>
        F.group_norm(input, _groups, ParameterSubstitution.Resolve(weight), ParameterSubstitution.Resolve(bias), Eps);
}
