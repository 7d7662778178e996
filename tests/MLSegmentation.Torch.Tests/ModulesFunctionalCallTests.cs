// CA1861: the literal arrays are test inputs of one-shot assertions, not hot-path arguments.
#pragma warning disable CA1861
using MLSegmentation.Torch.Modules;
using MLSegmentation.Torch.Serialization;
using F = MLSegmentation.Torch.torch.nn.functional;

namespace MLSegmentation.Torch.Tests;

/// <summary>Functional calls with substituted parameters: CoLab's fast weights θ' = θ − α∇θ L₁(θ), differentiated through.</summary>
public class ModulesFunctionalCallTests
{
    private const double Alpha = 0.3;

    private static Sequential MakeModel()
    {
        torch.manual_seed(3);
        var model = torch.nn.Sequential(torch.nn.Conv2d(2, 3, 3, padding: 1), torch.nn.BatchNorm2d(3), torch.nn.ReLU(), torch.nn.Conv2d(3, 1, 1));
        model.to(ScalarType.Float64);
        return model;
    }

    private static (Tensor x, Tensor t1, Tensor t2) Data()
    {
        torch.manual_seed(4);
        return (torch.randn([2, 2, 4, 4], ScalarType.Float64), torch.randn([2, 1, 4, 4], ScalarType.Float64), torch.randn([2, 1, 4, 4], ScalarType.Float64));
    }

    /// <summary>θ' = θ − α·∇θ mse(model(x), t1), with the gradient kept differentiable (or detached: first-order only).</summary>
    private static Dictionary<string, Tensor> FastWeights(Sequential model, Tensor x, Tensor t1, bool secondOrder)
    {
        var named = model.named_parameters().ToList();
        var inner = F.mse_loss(model.call(x), t1);
        Tensor?[] grads = torch.autograd.grad([inner], named.Select(p => (Tensor)p.parameter).ToList(), create_graph: secondOrder);
        var fast = new Dictionary<string, Tensor>();
        for (int k = 0; k < named.Count; k++)
        {
            Tensor g = secondOrder ? grads[k]! : grads[k]!.detach();
            fast[named[k].name] = named[k].parameter - Alpha * g;
        }
        return fast;
    }

    private static Tensor OuterLoss(Sequential model, Tensor x, Tensor t1, Tensor t2, bool secondOrder = true) =>
        F.mse_loss(torch.func.functional_call(model, FastWeights(model, x, t1, secondOrder), x), t2);

    [Test]
    public void FastWeightsGiveTheOutputOfAModuleHoldingThem()
    {
        using var scope = torch.NewDisposeScope();
        using Sequential model = MakeModel();
        (Tensor x, Tensor t1, _) = Data();
        Dictionary<string, Tensor> fast = FastWeights(model, x, t1, secondOrder: true);
        var output = torch.func.functional_call(model, fast, x);
        Assert.That(output.requires_grad, Is.True);

        using Sequential copy = MakeModel();
        using (StateDict state = model.state_dict())
        {
            var values = state.ToDictionary(kv => kv.Key, kv => fast.TryGetValue(kv.Key, out Tensor? f) ? f.detach() : kv.Value);
            copy.load_state_dict(values);
        }
        var expected = copy.call(x);
        Assert.That(output.detach().allclose(expected, rtol: 1e-12, atol: 1e-12), Is.True);
        // The substitution ends with the call: the module computes with its own weights again.
        Assert.That(model.call(x).allclose(expected, rtol: 1e-6, atol: 1e-6), Is.False);
    }

    [Test]
    public void GradientThroughFastWeightsMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using Sequential model = MakeModel();
        (Tensor x, Tensor t1, Tensor t2) = Data();
        var named = model.named_parameters().ToList();
        Tensor?[] analytic = torch.autograd.grad([OuterLoss(model, x, t1, t2)], named.Select(p => (Tensor)p.parameter).ToList());
        Tensor?[] firstOrder = torch.autograd.grad([OuterLoss(model, x, t1, t2, secondOrder: false)], named.Select(p => (Tensor)p.parameter).ToList());

        const double h = 1e-6;
        int checkedCoordinates = 0;
        double secondOrderEffect = 0;
        for (int k = 0; k < named.Count; k++)
        {
            Parameter p = named[k].parameter;
            double[] grad = analytic[k]!.data<double>();
            double[] approx = firstOrder[k]!.data<double>();
            long n = p.numel();
            foreach (long index in new[] { 0L, n / 2, n - 1 }.Distinct())
            {
                double plus = Perturbed(p, index, h, () => OuterLoss(model, x, t1, t2).ToDouble());
                double minus = Perturbed(p, index, -h, () => OuterLoss(model, x, t1, t2).ToDouble());
                double numeric = (plus - minus) / (2 * h);
                Assert.That(grad[index], Is.EqualTo(numeric).Within(1e-6 + 1e-4 * Math.Abs(numeric)), $"{named[k].name}[{index}]");
                secondOrderEffect = Math.Max(secondOrderEffect, Math.Abs(grad[index] - approx[index]));
                checkedCoordinates++;
            }
        }
        Assert.That(checkedCoordinates, Is.GreaterThanOrEqualTo(12));
        // The second-order term (double backward through conv, batch norm and ReLU) must matter here,
        // otherwise this test could not tell it from a first-order approximation.
        Assert.That(secondOrderEffect, Is.GreaterThan(1e-4));
    }

    private static double Perturbed(Tensor parameter, long index, double delta, Func<double> evaluate)
    {
        using var scope = torch.NewDisposeScope();
        var step = torch.zeros(parameter.shape, ScalarType.Float64);
        step.view(-1)[index] = torch.tensor(delta, ScalarType.Float64);
        using (torch.no_grad()) parameter.add_(step);
        try
        {
            return evaluate();
        }
        finally
        {
            using (torch.no_grad()) parameter.add_(step, -1);
        }
    }

    [Test]
    public void BuffersCanBeSubstitutedToo()
    {
        using var scope = torch.NewDisposeScope();
        using var bn = torch.nn.BatchNorm2d(2);
        bn.eval();
        var x = torch.randn(1, 2, 3, 3);
        var mean = torch.tensor(new float[] { 1, -1 });
        var variance = torch.tensor(new float[] { 4, 0.25f });
        var y = torch.func.functional_call(bn, new Dictionary<string, Tensor> { ["running_mean"] = mean, ["running_var"] = variance }, x);
        var expected = (x - mean.view(1, 2, 1, 1)) / (variance.view(1, 2, 1, 1) + 1e-5).sqrt();
        Assert.That(y.allclose(expected, atol: 1e-6), Is.True);
        Assert.That(bn.running_mean!.data<float>(), Is.All.EqualTo(0f));
    }

    [Test]
    public void SubstitutionScopesNestAndRejectUnknownNames()
    {
        using var scope = torch.NewDisposeScope();
        using var linear = torch.nn.Linear(2, 1);
        var x = torch.ones(1, 2);
        var w1 = torch.full([1, 2], 1.0);
        var w2 = torch.full([1, 2], 2.0);
        var b = torch.zeros(1);
        using (linear.SubstituteParameters(new Dictionary<string, Tensor> { ["weight"] = w1, ["bias"] = b }))
        {
            Assert.That(linear.call(x).item<float>(), Is.EqualTo(2f));
            using (linear.SubstituteParameters(new Dictionary<string, Tensor> { ["weight"] = w2 }))
            {
                Assert.That(linear.call(x).item<float>(), Is.EqualTo(4f), "inner weight, outer bias");
            }
            Assert.That(linear.call(x).item<float>(), Is.EqualTo(2f));
        }
        Assert.That(linear.call(x).allclose(F.linear(x, linear.weight, linear.bias)), Is.True);
        var e = Assert.Throws<ArgumentException>(() => linear.SubstituteParameters(new Dictionary<string, Tensor> { ["weights"] = w1 }))!;
        Assert.That(e.Message, Does.Contain("weights"));
    }
}
