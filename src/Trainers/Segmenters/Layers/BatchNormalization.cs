using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MLSegmentation.Trainers.Segmenters;

/// <summary>
/// Batch normalisation with PyTorch's state (<c>weight</c>, <c>bias</c>, <c>running_mean</c>, <c>running_var</c>,
/// <c>num_batches_tracked</c>; momentum 0.1, eps 1e-5) over <c>batch_norm</c>: batch statistics in training (updating
/// the running ones), running statistics in evaluation. Everything is read through <see cref="ParameterSubstitution"/>,
/// so a substituted forward updates the substitutes, not the module's buffers.
/// </summary>
public sealed class BatchNormalization : nn.Module<Tensor, Tensor>
{
    private const double Momentum = 0.1, Eps = 1e-5;
#pragma warning disable IDE1006, SA1300 // TorchSharp maps fields named as their registered tensors on to(device).
    private Parameter weight;
    private Parameter bias;
    private Tensor running_mean;
    private Tensor running_var;
    private Tensor num_batches_tracked;
#pragma warning restore IDE1006, SA1300

    /// <summary>Over <paramref name="channels"/> channels, in 2D or 3D (the input's rank decides).</summary>
    public BatchNormalization(long channels, int dimensions) : base(dimensions == 2 ? "BatchNorm2d" : "BatchNorm3d")
    {
        weight = new Parameter(ones(channels));
        bias = new Parameter(zeros(channels));
        running_mean = zeros(channels);
        running_var = ones(channels);
        num_batches_tracked = zeros(1, dtype: ScalarType.Int64).squeeze();
        register_parameter(nameof(weight), weight);
        register_parameter(nameof(bias), bias);
        register_buffer(nameof(running_mean), running_mean);
        register_buffer(nameof(running_var), running_var);
        register_buffer(nameof(num_batches_tracked), num_batches_tracked);
    }

    // TorchSharp hands a Scalar to libtorch as a bare handle, so a temporary one (an implicit `1`) can be finalized by the GC
    // while the native call still reads it (dotnet/TorchSharp#1434); seen as "Expected false to be true ... toLong" at this
    // call, which runs for every layer at every step. A static Scalar lives as long as the process.
    private static readonly Scalar One = 1;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        Tensor mean = ParameterSubstitution.Resolve(running_mean), variance = ParameterSubstitution.Resolve(running_var);
        if (training)
        {
            using var noGrad = no_grad();
            ParameterSubstitution.Resolve(num_batches_tracked).add_(One, One);
        }
        return F.batch_norm(input, mean, variance, ParameterSubstitution.Resolve(weight), ParameterSubstitution.Resolve(bias), training, Momentum, Eps);
    }
}
