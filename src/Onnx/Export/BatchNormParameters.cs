using MLSegmentation.Torch;

namespace MLSegmentation.Onnx;

/// <summary>
/// An evaluation-mode batch normalisation, y = (x − mean)/√(var + eps)·γ + β per channel: what
/// <c>OnnxOps.Conv</c> folds into a convolution, or <see cref="OnnxOps.BatchNorm"/> exports on its own.
/// The tensors stay owned by the caller.
/// </summary>
/// <param name="RunningMean">Per-channel running mean.</param>
/// <param name="RunningVar">Per-channel running variance.</param>
/// <param name="Weight">Per-channel scale γ, or null for 1.</param>
/// <param name="Bias">Per-channel shift β, or null for 0.</param>
/// <param name="Eps">Added to the variance.</param>
public sealed record BatchNormParameters(Tensor RunningMean, Tensor RunningVar, Tensor? Weight = null, Tensor? Bias = null, double Eps = 1e-5)
{
    /// <summary>Per-channel scale s = γ/√(var + eps) and shift t = β − mean·s (double precision), so that y = s·x + t.</summary>
    internal (double[] Scale, double[] Shift) Affine()
    {
        float[] mean = Floats(RunningMean, nameof(RunningMean));
        float[] var = Floats(RunningVar, nameof(RunningVar));
        if (var.Length != mean.Length) throw new ArgumentException($"batch norm: {mean.Length} means but {var.Length} variances");
        float[]? gamma = Weight is null ? null : Floats(Weight, nameof(Weight));
        float[]? beta = Bias is null ? null : Floats(Bias, nameof(Bias));
        if (gamma is not null && gamma.Length != mean.Length) throw new ArgumentException($"batch norm: {mean.Length} channels but {gamma.Length} weights");
        if (beta is not null && beta.Length != mean.Length) throw new ArgumentException($"batch norm: {mean.Length} channels but {beta.Length} biases");
        var scale = new double[mean.Length];
        var shift = new double[mean.Length];
        for (int c = 0; c < mean.Length; c++)
        {
            scale[c] = (gamma?[c] ?? 1.0) / Math.Sqrt(var[c] + Eps);
            shift[c] = (beta?[c] ?? 0.0) - mean[c] * scale[c];
        }
        return (scale, shift);
    }

    internal static float[] Floats(Tensor tensor, string what)
    {
        ArgumentNullException.ThrowIfNull(tensor, what);
        if (tensor.dtype == ScalarType.Float32) return tensor.data<float>();
        using Tensor converted = tensor.to(ScalarType.Float32);
        return converted.data<float>();
    }
}
