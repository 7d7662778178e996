namespace MLSegmentation.Onnx;

/// <summary>
/// An evaluation-mode batch normalisation, y = (x − mean)/√(var + eps)·γ + β per channel: what
/// <c>OnnxOps.Conv</c> folds into a convolution, or <see cref="OnnxOps.BatchNorm"/> exports on its own.
/// </summary>
/// <param name="RunningMean">Per-channel running mean.</param>
/// <param name="RunningVar">Per-channel running variance.</param>
/// <param name="Weight">Per-channel scale γ, or null for 1.</param>
/// <param name="Bias">Per-channel shift β, or null for 0.</param>
/// <param name="Eps">Added to the variance.</param>
public sealed record BatchNormParameters(float[] RunningMean, float[] RunningVar, float[]? Weight = null, float[]? Bias = null, double Eps = 1e-5)
{
    /// <summary>Per-channel scale s = γ/√(var + eps) and shift t = β − mean·s (double precision), so that y = s·x + t.</summary>
    internal (double[] Scale, double[] Shift) Affine()
    {
        ArgumentNullException.ThrowIfNull(RunningMean);
        ArgumentNullException.ThrowIfNull(RunningVar);
        float[] mean = RunningMean, var = RunningVar;
        if (var.Length != mean.Length) throw new ArgumentException($"batch norm: {mean.Length} means but {var.Length} variances");
        if (Weight is not null && Weight.Length != mean.Length) throw new ArgumentException($"batch norm: {mean.Length} channels but {Weight.Length} weights");
        if (Bias is not null && Bias.Length != mean.Length) throw new ArgumentException($"batch norm: {mean.Length} channels but {Bias.Length} biases");
        var scale = new double[mean.Length];
        var shift = new double[mean.Length];
        for (int c = 0; c < mean.Length; c++)
        {
            scale[c] = (Weight?[c] ?? 1.0) / Math.Sqrt(var[c] + Eps);
            shift[c] = (Bias?[c] ?? 0.0) - mean[c] * scale[c];
        }
        return (scale, shift);
    }
}
