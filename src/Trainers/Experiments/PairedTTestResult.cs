namespace MLSegmentation.Trainers.Experiments;

/// <summary>The outcome of <see cref="PairedTTest.Test"/> on paired samples a and b.</summary>
/// <param name="MeanDifference">Mean of the differences a − b.</param>
/// <param name="T">t = mean(d) / (sd(d) / √n); ±∞ when all differences are equal and non-zero, 0 when they are all zero.</param>
/// <param name="DegreesOfFreedom">n − 1.</param>
/// <param name="P">Two-sided p-value, P(|T| ≥ |t|) under Student's t with <paramref name="DegreesOfFreedom"/> degrees of freedom.</param>
public sealed record PairedTTestResult(double MeanDifference, double T, int DegreesOfFreedom, double P);
