namespace MLSegmentation.Torch.Modules;

/// <summary>Instance normalisation over 3D input, as PyTorch's <c>nn.InstanceNorm3d</c>.</summary>
public sealed class InstanceNorm3d : InstanceNorm
{
    /// <summary>Creates the layer (γ = 1, β = 0 when <paramref name="affine"/>).</summary>
    public InstanceNorm3d(long num_features, double eps = 1e-5, double momentum = 0.1, bool affine = false, bool track_running_stats = false)
        : base(3, num_features, eps, momentum, affine, track_running_stats)
    {
    }
}
