using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace MLSegmentation.Trainers.Methods;

/// <summary>
/// The contrastive projection head: Linear(features, features) → ReLU → Linear(features, projection), then
/// L2 normalisation of each row (official: 2048 → 2048 → 256). Used only in training; the exported
/// segmenter has no head.
/// </summary>
public sealed class ProjectionHead : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006, SA1300 // TorchSharp registers module fields by name as well: the field must be named as the registered module.
    private readonly Sequential layers;
#pragma warning restore IDE1006, SA1300

    /// <summary>A head for <paramref name="features"/>-wide embeddings projecting to <paramref name="projection"/>; weights from the global generator.</summary>
    public ProjectionHead(int features, int projection) : base(nameof(ProjectionHead))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1, nameof(features));
        ArgumentOutOfRangeException.ThrowIfLessThan(projection, 1, nameof(projection));
        layers = torch.nn.Sequential(torch.nn.Linear(features, features), torch.nn.ReLU(), torch.nn.Linear(features, projection));
        register_module(nameof(layers), layers);
    }

    /// <summary>Unit-length projections [M, projection] of embeddings [M, features].</summary>
    public override Tensor forward(Tensor input) => torch.nn.functional.normalize(layers.forward(input), dim: 1);
}
