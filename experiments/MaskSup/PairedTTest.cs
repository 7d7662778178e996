namespace MLSegmentation.Experiments.MaskSup;

/// <summary>
/// Student's paired t-test: t = mean(d) / (sd(d) / √n) on the differences d, n − 1 degrees of freedom, two-sided
/// p = I_{ν/(ν+t²)}(ν/2, 1/2) with I the regularised incomplete beta function (continued fraction, modified Lentz).
/// </summary>
internal static class PairedTTest
{
    public static (double T, double P, int Df) Test(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count != b.Count || a.Count < 2) throw new ArgumentException("need two paired samples of at least 2");
        double[] d = a.Zip(b, (x, y) => x - y).ToArray();
        double mean = d.Average();
        double sd = Math.Sqrt(d.Sum(v => (v - mean) * (v - mean)) / (d.Length - 1));
        int df = d.Length - 1;
        if (sd == 0) return (mean == 0 ? 0 : Math.CopySign(double.PositiveInfinity, mean), mean == 0 ? 1 : 0, df);
        double t = mean / (sd / Math.Sqrt(d.Length));
        return (t, TwoSidedP(t, df), df);
    }

    /// <summary>P(|T| ≥ |t|) for Student's t with <paramref name="df"/> degrees of freedom.</summary>
    public static double TwoSidedP(double t, double df) => RegularizedBeta(df / (df + t * t), df / 2, 0.5);

    /// <summary>I_x(a, b).</summary>
    public static double RegularizedBeta(double x, double a, double b)
    {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        double front = Math.Exp(LogGamma(a + b) - LogGamma(a) - LogGamma(b) + a * Math.Log(x) + b * Math.Log(1 - x));
        return x < (a + 1) / (a + b + 2)
            ? front * ContinuedFraction(x, a, b) / a
            : 1 - front * ContinuedFraction(1 - x, b, a) / b;
    }

    private static double ContinuedFraction(double x, double a, double b)
    {
        const double Tiny = 1e-300;
        double c = 1, d = 1 - (a + b) * x / (a + 1);
        d = 1 / (Math.Abs(d) < Tiny ? Tiny : d);
        double h = d;
        for (int m = 1; m <= 300; m++)
        {
            for (int odd = 0; odd < 2; odd++)
            {
                double coefficient = odd == 0
                    ? m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
                    : -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
                d = 1 + coefficient * d;
                d = 1 / (Math.Abs(d) < Tiny ? Tiny : d);
                c = 1 + coefficient / c;
                if (Math.Abs(c) < Tiny) c = Tiny;
                double delta = c * d;
                h *= delta;
                if (odd == 1 && Math.Abs(delta - 1) < 1e-15) return h;
            }
        }
        return h;
    }

    /// <summary>ln Γ(x) for x &gt; 0 (Lanczos, g = 7, n = 9).</summary>
    private static double LogGamma(double x)
    {
        double[] g =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        if (x < 0.5) return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        x -= 1;
        double sum = g[0];
        for (int i = 1; i < 9; i++) sum += g[i] / (x + i);
        double t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }
}
