namespace MLSegmentation.Trainers.Experiments;

/// <summary>
/// Student's paired t-test (two-sided) for comparing a method with a baseline over seeds: t = mean(d) / (sd(d) / √n)
/// on the differences d = a − b, n − 1 degrees of freedom, p from the t distribution through the regularised
/// incomplete beta function, p = I_{ν/(ν+t²)}(ν/2, 1/2). Self-contained (no statistics package).
/// </summary>
public static class PairedTTest
{
    /// <summary>Tests whether the mean of a − b differs from zero.</summary>
    /// <param name="a">The first sample, e.g. the method's Dice per seed.</param>
    /// <param name="b">The paired second sample, e.g. the baseline's Dice for the same seeds.</param>
    /// <exception cref="ArgumentException">The samples differ in size or hold fewer than two values.</exception>
    public static PairedTTestResult Test(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count || a.Count < 2)
            throw new ArgumentException($"a paired t-test needs two samples of the same size, at least 2 (got {a.Count} and {b.Count})", nameof(b));
        double[] d = a.Zip(b, (x, y) => x - y).ToArray();
        double mean = d.Average();
        double sd = StandardDeviation(d);
        int df = d.Length - 1;
        if (sd == 0) return new PairedTTestResult(mean, mean == 0 ? 0 : Math.CopySign(double.PositiveInfinity, mean), df, mean == 0 ? 1 : 0);
        double t = mean / (sd / Math.Sqrt(d.Length));
        return new PairedTTestResult(mean, t, df, TwoSidedP(t, df));
    }

    /// <summary>The sample standard deviation (n − 1 in the denominator); 0 for fewer than two values.</summary>
    public static double StandardDeviation(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count < 2) return 0;
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    /// <summary>P(|T| ≥ |t|) for Student's t with <paramref name="degreesOfFreedom"/> degrees of freedom.</summary>
    public static double TwoSidedP(double t, double degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(degreesOfFreedom);
        return RegularizedIncompleteBeta(degreesOfFreedom / 2, 0.5, degreesOfFreedom / (degreesOfFreedom + t * t));
    }

    /// <summary>I_x(a, b) by the continued fraction (modified Lentz), using I_x(a, b) = 1 − I_{1−x}(b, a) where that converges faster.</summary>
    private static double RegularizedIncompleteBeta(double a, double b, double x)
    {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        double logFront = LogGamma(a + b) - LogGamma(a) - LogGamma(b) + a * Math.Log(x) + b * Math.Log(1 - x);
        if (x < (a + 1) / (a + b + 2)) return Math.Exp(logFront) * ContinuedFraction(a, b, x) / a;
        return 1 - Math.Exp(logFront) * ContinuedFraction(b, a, 1 - x) / b;
    }

    private static double ContinuedFraction(double a, double b, double x)
    {
        const double Tiny = 1e-300;
        double c = 1, d = 1 / NonZero(1 - (a + b) * x / (a + 1));
        double h = d;
        for (int m = 1; m <= 500; m++)
        {
            double even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
            d = 1 / NonZero(1 + even * d);
            c = NonZero(1 + even / c);
            h *= d * c;
            double odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
            d = 1 / NonZero(1 + odd * d);
            c = NonZero(1 + odd / c);
            double step = d * c;
            h *= step;
            if (Math.Abs(step - 1) < 1e-15) break;
        }
        return h;

        static double NonZero(double v) => Math.Abs(v) < Tiny ? Tiny : v;
    }

    /// <summary>ln Γ(x) for x &gt; 0 (Lanczos, g = 7, nine coefficients).</summary>
    private static double LogGamma(double x)
    {
        ReadOnlySpan<double> g = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
        if (x < 0.5) return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        x -= 1;
        double sum = g[0];
        for (int i = 1; i < g.Length; i++) sum += g[i] / (x + i);
        double t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }
}
