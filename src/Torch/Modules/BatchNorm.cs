namespace MLSegmentation.Torch.Modules;

/// <summary>
/// Batch normalisation, as PyTorch's <c>nn.BatchNorm2d/3d</c>. In training mode it normalises with the
/// batch's statistics and updates the running ones in place (running = (1 − m)·running + m·batch, with the
/// unbiased batch variance); in evaluation mode it normalises with the running statistics.
/// </summary>
public abstract class BatchNorm : NormBase
{
    private protected BatchNorm(int spatialDims, long num_features, double eps, double? momentum, bool affine, bool track_running_stats)
        : base(spatialDims, num_features, eps, momentum, affine, track_running_stats)
    {
    }

    /// <summary>Normalises <paramref name="input"/>; the result is owned by the caller.</summary>
    public override Tensor forward(Tensor input)
    {
        CheckInput(input);
        double factor = momentum ?? 0.0;
        Tensor? count = track_running_stats ? Resolve(nameof(num_batches_tracked)) : null;
        if (training && count is not null)
        {
            using (torch.no_grad()) ModuleOps.AddScalarInPlace(count, 1L);
            if (momentum is null) factor = 1.0 / count.item<long>();
        }
        Tensor? mean = Resolve(nameof(running_mean));
        Tensor? var = Resolve(nameof(running_var));
        bool useBatchStats = training || (mean is null && var is null);
        return torch.nn.functional.batch_norm(input,
            !training || track_running_stats ? mean : null,
            !training || track_running_stats ? var : null,
            Resolve(nameof(weight)), Resolve(nameof(bias)), useBatchStats, factor, eps);
    }
}
