using System.Text.Json;
using MLSegmentation.Torch.Optim;
using MLSegmentation.Torch.Serialization;
using MLSegmentation.Torch.Tests.Reference;

namespace MLSegmentation.Torch.Tests;

public class OptimTests
{
    private static readonly float[] s_x = [0.5f, -1.0f, 2.0f, 1.5f, 0.25f, -0.5f, -1.0f, 1.0f, 0.75f, 0.3f, -0.2f, 0.1f];
    private static readonly float[] s_y = [1.0f, -1.0f, 0.5f, 2.0f, -0.5f, 0.25f, 0.0f, 1.0f];
    private static readonly float[] s_w0 = [0.1f, -0.2f, 0.3f, 0.4f, -0.5f, 0.6f];
    private static readonly float[] s_b0 = [0.05f, -0.05f];
    private static readonly float[] s_halves = [0.5f, 0.5f];
    private static readonly float[] s_ones = [1f, 1f];
    private static readonly string[] s_adamKeys = ["state.0.step", "state.0.exp_avg", "state.0.exp_avg_sq", "param_groups.0.lr"];
    private JsonElement _reference;

    [OneTimeSetUp]
    public void RunPyTorch() => _reference = PyTorchReference.Run("optimizers.py");

    /// <summary>The same least-squares problem as optimizers.py, five steps; returns parameters after each step and losses.</summary>
    private static (List<double[]> parameters, List<double> losses) Trajectory(Func<Tensor, Tensor, Optimizer> make, int steps = 5)
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(s_x, 4, 3);
        var y = torch.tensor(s_y, 4, 2);
        var w = torch.tensor(s_w0, 3, 2).requires_grad_();
        var b = torch.tensor(s_b0).requires_grad_();
        using Optimizer opt = make(w, b);
        var parameters = new List<double[]>();
        var losses = new List<double>();
        for (int k = 0; k < steps; k++)
        {
            opt.zero_grad();
            var loss = (x.matmul(w) + b - y).pow(2).sum();
            loss.backward();
            opt.step();
            losses.Add(loss.ToDouble());
            parameters.Add([.. w.data<float>().Select(v => (double)v), .. b.data<float>().Select(v => (double)v)]);
        }
        return (parameters, losses);
    }

    private static readonly Dictionary<string, Func<Tensor, Tensor, Optimizer>> s_configs = new()
    {
        ["sgd_nesterov_wd"] = (w, b) => torch.optim.SGD([w, b], lr: 0.02, momentum: 0.9, nesterov: true, weight_decay: 0.01),
        ["sgd_dampening"] = (w, b) => torch.optim.SGD([w, b], lr: 0.02, momentum: 0.8, dampening: 0.3, weight_decay: 0.05),
        ["sgd_plain"] = (w, b) => torch.optim.SGD([w, b], lr: 0.02),
        ["adam"] = (w, b) => torch.optim.Adam([w, b], lr: 0.05),
        ["adam_wd_betas"] = (w, b) => torch.optim.Adam([w, b], lr: 0.05, beta1: 0.8, beta2: 0.99, eps: 1e-6, weight_decay: 0.1),
        ["adam_amsgrad"] = (w, b) => torch.optim.Adam([w, b], lr: 0.05, amsgrad: true),
        ["adamw"] = (w, b) => torch.optim.AdamW([w, b], lr: 0.05, weight_decay: 0.1),
        ["adamw_amsgrad"] = (w, b) => torch.optim.AdamW([w, b], lr: 0.05, weight_decay: 0.1, amsgrad: true),
        ["adam_groups"] = (w, b) => torch.optim.Adam([new ParamGroup([w]), new ParamGroup([b], lr: 0.01)], lr: 0.05),
    };

    [TestCase("sgd_nesterov_wd")]
    [TestCase("sgd_dampening")]
    [TestCase("sgd_plain")]
    [TestCase("adam")]
    [TestCase("adam_wd_betas")]
    [TestCase("adam_amsgrad")]
    [TestCase("adamw")]
    [TestCase("adamw_amsgrad")]
    [TestCase("adam_groups")]
    public void TrajectoryMatchesPyTorch(string config)
    {
        (List<double[]> parameters, List<double> losses) = Trajectory(s_configs[config]);
        JsonElement expected = _reference.GetProperty(config);
        var expectedParams = expected.GetProperty("params").EnumerateArray().Select(PyTorchReference.Doubles).ToList();
        double[] expectedLoss = PyTorchReference.Doubles(expected.GetProperty("loss"));
        Assert.That(parameters, Has.Count.EqualTo(expectedParams.Count));
        for (int step = 0; step < parameters.Count; step++)
        {
            Assert.That(parameters[step], Is.EqualTo(expectedParams[step]).Within(1e-5), $"parameters after step {step + 1}");
        }
        Assert.That(losses, Is.EqualTo(expectedLoss).Within(1e-4));
        // The problem must actually move the parameters, or the comparison proves nothing.
        Assert.That(parameters[^1], Is.Not.EqualTo(parameters[0]).Within(1e-3));
    }

    [Test]
    public void StepCreatesNoLeftoverTensorsInTheCallersScope()
    {
        using var scope = torch.NewDisposeScope();
        var w = torch.randn(8, 8).requires_grad_();
        using var opt = torch.optim.Adam([w], amsgrad: true, weight_decay: 0.1);
        for (int k = 0; k < 3; k++)
        {
            w.pow(2).sum().backward();
            int before = scope.Count;
            opt.step();
            Assert.That(scope.Count, Is.EqualTo(before), "step() must dispose its temporaries and keep its state out of the caller's scope");
            opt.zero_grad();
        }
    }

    [Test]
    public void ParametersWithoutGradientsAreLeftAlone()
    {
        using var scope = torch.NewDisposeScope();
        var used = torch.ones(2).requires_grad_();
        var unused = torch.ones(2).requires_grad_();
        using var opt = torch.optim.SGD([used, unused], lr: 0.5, momentum: 0.9);
        used.sum().backward();
        opt.step();
        Assert.That(used.data<float>(), Is.EqualTo(s_halves));
        Assert.That(unused.data<float>(), Is.EqualTo(s_ones));
        Assert.That(used.requires_grad && used.is_leaf, Is.True);
    }

    [Test]
    public void NesterovWithoutMomentumIsRejected()
    {
        using var scope = torch.NewDisposeScope();
        var w = torch.ones(2).requires_grad_();
        Assert.Throws<ArgumentException>(() => torch.optim.SGD([w], lr: 0.1, nesterov: true));
        Assert.Throws<ArgumentException>(() => torch.optim.SGD([w, w], lr: 0.1));
    }

    [TestCase("sgd_nesterov_wd")]
    [TestCase("adamw_amsgrad")]
    [TestCase("adam_groups")]
    public void ResumingFromASavedStateContinuesIdentically(string config)
    {
        // Reference: 6 uninterrupted steps. Resumed: 3 steps, save parameters and optimizer state to a file,
        // rebuild everything, load, 3 more steps. Both runs must give bit-identical parameters.
        (List<double[]> straight, _) = Trajectory(s_configs[config], steps: 6);
        string file = Path.Combine(Path.GetTempPath(), $"mlseg-optim-{Guid.NewGuid():N}.sd");
        try
        {
            float[] wSaved, bSaved;
            using (var scope = torch.NewDisposeScope())
            {
                var x = torch.tensor(s_x, 4, 3);
                var y = torch.tensor(s_y, 4, 2);
                var w = torch.tensor(s_w0, 3, 2).requires_grad_();
                var b = torch.tensor(s_b0).requires_grad_();
                using Optimizer opt = s_configs[config](w, b);
                for (int k = 0; k < 3; k++) Step(opt, x, y, w, b);
                opt.save(file);
                wSaved = w.data<float>();
                bSaved = b.data<float>();
            }
            using (var scope = torch.NewDisposeScope())
            {
                var x = torch.tensor(s_x, 4, 3);
                var y = torch.tensor(s_y, 4, 2);
                var w = torch.tensor(wSaved, 3, 2).requires_grad_();
                var b = torch.tensor(bSaved).requires_grad_();
                using Optimizer opt = s_configs[config](w, b);
                opt.load(file);
                for (int k = 3; k < 6; k++)
                {
                    Step(opt, x, y, w, b);
                    double[] now = [.. w.data<float>().Select(v => (double)v), .. b.data<float>().Select(v => (double)v)];
                    Assert.That(now, Is.EqualTo(straight[k]), $"step {k + 1} after resuming");
                }
            }
        }
        finally
        {
            File.Delete(file);
        }

        static void Step(Optimizer opt, Tensor x, Tensor y, Tensor w, Tensor b)
        {
            opt.zero_grad();
            (x.matmul(w) + b - y).pow(2).sum().backward();
            opt.step();
        }
    }

    [Test]
    public void LoadingStateIntoAnIncompatibleOptimizerFailsClearly()
    {
        using var scope = torch.NewDisposeScope();
        var w = torch.ones(3).requires_grad_();
        var v = torch.ones(4).requires_grad_();
        using var adam = torch.optim.Adam([w]);
        w.sum().backward();
        adam.step();
        using StateDict state = adam.state_dict();
        Assert.That(state.Keys, Is.SupersetOf(s_adamKeys));
        using var sgd = torch.optim.SGD([w], lr: 0.1);
        Assert.That(() => sgd.load_state_dict(state), Throws.ArgumentException.With.Message.Contains("Adam"));
        using var other = torch.optim.Adam([v]);
        Assert.That(() => other.load_state_dict(state), Throws.ArgumentException.With.Message.Contains("shape"));
        using var twoGroups = torch.optim.Adam([new ParamGroup([w]), new ParamGroup([v])]);
        Assert.That(() => twoGroups.load_state_dict(state), Throws.ArgumentException.With.Message.Contains("groups"));
    }

    [Test]
    public void ClipGradNormScalesToTheMaximumAndReturnsTheTotalNorm()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.zeros(2).requires_grad_();
        var b = torch.zeros(1).requires_grad_();
        var c = torch.zeros(1).requires_grad_();
        a.grad = torch.tensor(new float[] { 3, 0 });
        b.grad = torch.tensor(new float[] { 4 });
        double norm = torch.nn.utils.clip_grad_norm_([a, b, c], max_norm: 1.0);
        Assert.That(norm, Is.EqualTo(5).Within(1e-6));
        double coefficient = 1.0 / (5 + 1e-6);
        Assert.That(a.grad!.data<float>(), Is.EqualTo(new[] { 3 * coefficient, 0 }).Within(1e-6));
        Assert.That(b.grad!.data<float>(), Is.EqualTo(new double[] { 4 * coefficient }).Within(1e-6));
        Assert.That(c.grad, Is.Null);

        double again = torch.nn.utils.clip_grad_norm_([a, b], max_norm: 10.0);
        Assert.That(again, Is.EqualTo(1).Within(1e-5));
        Assert.That(b.grad!.data<float>(), Is.EqualTo(new double[] { 4 * coefficient }).Within(1e-6), "a norm below the maximum leaves gradients unchanged");

        a.grad = torch.tensor(new float[] { -7, 2 });
        Assert.That(torch.nn.utils.clip_grad_norm_([a, b], max_norm: 100, norm_type: double.PositiveInfinity), Is.EqualTo(7).Within(1e-6));
    }
}
