namespace MLSegmentation.Torch.Modules;

/// <summary>Batch normalisation over 3D input ([N, C, D, H, W]), as PyTorch's <c>nn.BatchNorm3d</c>.</summary>
public sealed class BatchNorm3d : BatchNorm
{
    /// <summary>Creates the layer: γ = 1, β = 0, running mean 0 and variance 1.</summary>
    public BatchNorm3d(long num_features, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool track_running_stats = true)
        : base(3, num_features, eps, momentum, affine, track_running_stats)
    {
    }
}
