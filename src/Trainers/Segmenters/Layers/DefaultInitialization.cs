using static TorchSharp.torch;

namespace MLSegmentation.Trainers.Segmenters;

/// <summary>PyTorch's default initialisation of convolution layers (<c>reset_parameters</c>).</summary>
internal static class DefaultInitialization
{
    /// <summary>Kaiming-uniform with a = √5 (bound 1/√fan-in) for the weight, U(−1/√fan-in, 1/√fan-in) for the bias.</summary>
    public static void KaimingUniform(Tensor weight, Tensor? bias, long fanIn)
    {
        double bound = 1.0 / Math.Sqrt(fanIn);
        using var noGrad = no_grad();
        weight.uniform_(-bound, bound);
        bias?.uniform_(-bound, bound);
    }
}
