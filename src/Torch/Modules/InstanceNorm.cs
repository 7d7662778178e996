namespace MLSegmentation.Torch.Modules;

/// <summary>
/// Instance normalisation (per sample and channel), as PyTorch's <c>nn.InstanceNorm2d/3d</c>: by default
/// without affine parameters and without running statistics. With <c>track_running_stats</c>, evaluation mode
/// uses the running statistics.
/// </summary>
public abstract class InstanceNorm : NormBase
{
    private protected InstanceNorm(int spatialDims, long num_features, double eps, double momentum, bool affine, bool track_running_stats)
        : base(spatialDims, num_features, eps, momentum, affine, track_running_stats)
    {
    }

    /// <summary>Normalises <paramref name="input"/>; the result is owned by the caller.</summary>
    public override Tensor forward(Tensor input)
    {
        CheckInput(input);
        return torch.nn.functional.instance_norm(input, Resolve(nameof(weight)), Resolve(nameof(bias)),
            Resolve(nameof(running_mean)), Resolve(nameof(running_var)), training || !track_running_stats, momentum ?? 0.1, eps);
    }
}
