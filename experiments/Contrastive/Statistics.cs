namespace MLSegmentation.Experiments.Contrastive;

/// <summary>Mean, sample standard deviation and the paired two-sided t-test (Student's t CDF through the regularised incomplete beta function).</summary>
internal static class Statistics
{
    public static double Mean(IReadOnlyList<double> x) => x.Average();

    public static double StandardDeviation(IReadOnlyList<double> x)
    {
        if (x.Count < 2) return 0;
        double m = Mean(x);
        return Math.Sqrt(x.Sum(v => (v - m) * (v - m)) / (x.Count - 1));
    }

    /// <summary>Paired t-test of a − b: (mean difference, t, degrees of freedom, two-sided p).</summary>
    public static (double MeanDifference, double T, int Df, double P) PairedT(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        double[] d = a.Zip(b, (x, y) => x - y).ToArray();
        int df = d.Length - 1;
        double mean = d.Average(), sd = StandardDeviation(d);
        if (sd == 0) return (mean, mean == 0 ? 0 : double.PositiveInfinity * Math.Sign(mean), df, mean == 0 ? 1 : 0);
        double t = mean / (sd / Math.Sqrt(d.Length));
        double p = IncompleteBeta(df / 2.0, 0.5, df / (df + t * t));
        return (mean, t, df, p);
    }

    /// <summary>Regularised incomplete beta I_x(a, b) by its continued fraction (Lentz).</summary>
    public static double IncompleteBeta(double a, double b, double x)
    {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        double front = Math.Exp(LogGamma(a + b) - LogGamma(a) - LogGamma(b) + a * Math.Log(x) + b * Math.Log(1 - x));
        if (x > (a + 1) / (a + b + 2)) return 1 - IncompleteBeta(b, a, 1 - x);
        const double tiny = 1e-300;
        double c = 1, dd = 1 - (a + b) * x / (a + 1);
        if (Math.Abs(dd) < tiny) dd = tiny;
        dd = 1 / dd;
        double h = dd;
        for (int m = 1; m <= 300; m++)
        {
            double numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
            dd = 1 + numerator * dd; if (Math.Abs(dd) < tiny) dd = tiny;
            c = 1 + numerator / c; if (Math.Abs(c) < tiny) c = tiny;
            dd = 1 / dd; h *= dd * c;
            numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
            dd = 1 + numerator * dd; if (Math.Abs(dd) < tiny) dd = tiny;
            c = 1 + numerator / c; if (Math.Abs(c) < tiny) c = tiny;
            dd = 1 / dd;
            double delta = dd * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-14) break;
        }
        return front * h / a;
    }

    /// <summary>ln Γ(x) (Lanczos, g = 7).</summary>
    public static double LogGamma(double x)
    {
        double[] g = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
        if (x < 0.5) return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        x -= 1;
        double sum = g[0];
        for (int i = 1; i < 9; i++) sum += g[i] / (x + i);
        double t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }
}
