using System.Globalization;
using System.Text;

namespace MLSegmentation.Torch.Tests;

/// <summary>
/// Finite-difference gradient checker: compares autograd's gradients of a function with central
/// differences in float64. A non-scalar output is reduced to Σ w·out with fixed pseudo-random
/// weights w, so every output element takes part with a distinct weight.
/// </summary>
internal static class GradCheck
{
    internal const double DefaultEps = 1e-6;
    internal const double DefaultAtol = 1e-6;
    internal const double DefaultRtol = 1e-4;

    /// <summary>
    /// Checks d f / d inputs. <paramref name="inputs"/> are float64 values (copied, never modified);
    /// f receives fresh leaf tensors that require gradients, of the same shapes.
    /// </summary>
    internal static void Check(string name, Func<Tensor[], Tensor> f, Tensor[] inputs,
        double eps = DefaultEps, double atol = DefaultAtol, double rtol = DefaultRtol)
    {
        (int failed, string report) = Measure(name, f, inputs, eps, atol, rtol);
        Assert.That(failed, Is.Zero, report);
    }

    /// <summary>The number of gradient elements outside tolerance, and a report of the worst ones.</summary>
    internal static (int Failed, string Report) Measure(string name, Func<Tensor[], Tensor> f, Tensor[] inputs,
        double eps = DefaultEps, double atol = DefaultAtol, double rtol = DefaultRtol)
    {
        long[][] shapes = inputs.Select(t => t.shape).ToArray();
        double[][] values = inputs.Select(ToDoubles).ToArray();

        double[][] analytic;
        using (torch.NewDisposeScope())
        {
            Tensor[] leaves = Leaves(values, shapes);
            Tensor s = Scalar(f(leaves));
            if (!s.requires_grad) return (1, $"{name}: the output does not depend on the inputs through autograd");
            Tensor?[] grads = torch.autograd.grad([s], leaves, allow_unused: true);
            analytic = new double[values.Length][];
            for (int k = 0; k < values.Length; k++)
            {
                analytic[k] = grads[k] is { } g ? ToDoubles(g) : new double[values[k].Length];
            }
        }

        var failures = new StringBuilder();
        int failed = 0;
        double worst = 0;
        for (int k = 0; k < values.Length; k++)
        {
            for (int j = 0; j < values[k].Length; j++)
            {
                double original = values[k][j];
                values[k][j] = original + eps;
                double plus = Evaluate(f, values, shapes);
                values[k][j] = original - eps;
                double minus = Evaluate(f, values, shapes);
                values[k][j] = original;
                double numeric = (plus - minus) / (2 * eps);
                double a = analytic[k][j];
                double error = Math.Abs(a - numeric);
                double allowed = atol + rtol * Math.Abs(numeric);
                worst = Math.Max(worst, error / allowed);
                if (!(error <= allowed))
                {
                    failed++;
                    if (failed <= 8)
                    {
                        failures.AppendLine(CultureInfo.InvariantCulture,
                            $"  input {k} element {j}: autograd {a:G10}, finite difference {numeric:G10}");
                    }
                }
            }
        }
        return (failed, $"{name}: {failed} gradient element(s) disagree (worst error/allowed {worst:G3}):\n{failures}");
    }

    /// <summary>
    /// Checks the gradient of a gradient: h(x) = Σₖ ⟨∂S/∂xₖ, vₖ⟩ with S the weighted output of f and
    /// ∂S/∂x from autograd with create_graph, against finite differences of h (i.e. of the first gradient).
    /// </summary>
    internal static void CheckSecondOrder(string name, Func<Tensor[], Tensor> f, Tensor[] inputs,
        double eps = DefaultEps, double atol = DefaultAtol, double rtol = DefaultRtol)
    {
        Check(name + " (double backward)", x =>
        {
            Tensor s = Scalar(f(x));
            Tensor?[] g = torch.autograd.grad([s], x, create_graph: true, allow_unused: true);
            Tensor total = torch.zeros([], ScalarType.Float64);
            for (int k = 0; k < x.Length; k++)
            {
                if (g[k] is null) continue;
                total = total + (g[k]! * Weights(g[k]!.shape, seed: 1000 + k)).sum();
            }
            return total;
        }, inputs, eps, atol, rtol);
    }

    /// <summary>A float64 tensor of standard normal values from a fixed seed (independent of torch's RNG).</summary>
    internal static Tensor Randn(int seed, params long[] shape)
    {
        var random = new Random(seed);
        long n = shape.Aggregate(1L, (a, b) => a * b);
        var data = new double[n];
        for (long i = 0; i < n; i++)
        {
            double u1 = 1.0 - random.NextDouble();
            double u2 = random.NextDouble();
            data[i] = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
        return torch.tensor(data, shape);
    }

    /// <summary>A float64 tensor of uniform values in [low, high) from a fixed seed.</summary>
    internal static Tensor Uniform(int seed, double low, double high, params long[] shape)
    {
        var random = new Random(seed);
        long n = shape.Aggregate(1L, (a, b) => a * b);
        var data = new double[n];
        for (long i = 0; i < n; i++) data[i] = low + (high - low) * random.NextDouble();
        return torch.tensor(data, shape);
    }

    private static double Evaluate(Func<Tensor[], Tensor> f, double[][] values, long[][] shapes)
    {
        using var scope = torch.NewDisposeScope();
        return Scalar(f(Leaves(values, shapes))).ToDouble();
    }

    private static Tensor[] Leaves(double[][] values, long[][] shapes)
    {
        var leaves = new Tensor[values.Length];
        for (int k = 0; k < values.Length; k++) leaves[k] = torch.tensor(values[k], shapes[k]).requires_grad_();
        return leaves;
    }

    private static Tensor Scalar(Tensor output)
    {
        if (output.numel() == 1) return output.reshape([]);
        if (output.dtype != ScalarType.Float64) throw new InvalidOperationException("gradient checks run in float64");
        return (output * Weights(output.shape, seed: 7)).sum();
    }

    private static Tensor Weights(long[] shape, int seed)
    {
        var random = new Random(seed);
        long n = shape.Aggregate(1L, (a, b) => a * b);
        var data = new double[n];
        for (long i = 0; i < n; i++) data[i] = 0.5 + random.NextDouble();
        return torch.tensor(data, shape);
    }

    private static double[] ToDoubles(Tensor t)
    {
        using var detached = t.detach();
        using var d = detached.to(ScalarType.Float64);
        return d.data<double>();
    }
}
