using F = MLSegmentation.Torch.torch.nn.functional;

namespace MLSegmentation.Torch.Tests;

/// <summary>RNG reproducibility and state replay, random operator ranges, autocast and grad-mode scopes, threads.</summary>
[NonParallelizable]
public class RandomAndModeTests
{
    private static double[] Draws()
    {
        using var scope = torch.NewDisposeScope();
        var all = new List<double>();
        all.AddRange(torch.rand(5).to(ScalarType.Float64).data<double>());
        all.AddRange(torch.randn(5).to(ScalarType.Float64).data<double>());
        all.AddRange(torch.randint(0, 100, [5]).to(ScalarType.Float64).data<double>());
        all.AddRange(torch.randint(7, [3]).to(ScalarType.Float64).data<double>());
        all.AddRange(torch.full([5], 0.5).bernoulli().to(ScalarType.Float64).data<double>());
        all.AddRange(torch.zeros(5).bernoulli(0.3).to(ScalarType.Float64).data<double>());
        all.AddRange(torch.randperm(6).to(ScalarType.Float64).data<double>());
        all.AddRange(torch.normal(2, 3, [4]).to(ScalarType.Float64).data<double>());
        all.AddRange(torch.uniform(-1, 1, [4]).to(ScalarType.Float64).data<double>());
        all.AddRange(torch.multinomial(torch.ones(10), 3).to(ScalarType.Float64).data<double>());
        all.AddRange(torch.zeros(3).rand_like().to(ScalarType.Float64).data<double>());
        all.AddRange(F.dropout(torch.ones(6), 0.5).to(ScalarType.Float64).data<double>());
        return all.ToArray();
    }

    [Test]
    public void ManualSeedMakesEveryRandomOperatorReproducible()
    {
        torch.manual_seed(1234);
        double[] first = Draws();
        torch.manual_seed(1234);
        double[] second = Draws();
        torch.manual_seed(4321);
        double[] other = Draws();
        Assert.That(second, Is.EqualTo(first));
        Assert.That(other, Is.Not.EqualTo(first));
    }

    [Test]
    public void RngStateReplaysTheSameDraws()
    {
        torch.manual_seed(5);
        _ = Draws();
        using Tensor state = torch.get_rng_state();
        Assert.That(state.dtype, Is.EqualTo(ScalarType.Byte));
        double[] first = Draws();
        double[] next = Draws();
        torch.set_rng_state(state);
        Assert.That(Draws(), Is.EqualTo(first));
        Assert.That(Draws(), Is.EqualTo(next));
        // A state saved to bytes and restored from them replays too.
        byte[] bytes = state.data<byte>();
        using Tensor restored = torch.tensor(bytes);
        torch.set_rng_state(restored);
        Assert.That(Draws(), Is.EqualTo(first));
        Assert.Throws<TorchException>(() => torch.set_rng_state(torch.zeros(3)));
    }

    [Test]
    public void RandomOperatorsStayInTheirRanges()
    {
        torch.manual_seed(7);
        using var scope = torch.NewDisposeScope();
        Tensor u = torch.rand(10000);
        Assert.That(u.min().ToDouble(), Is.GreaterThanOrEqualTo(0));
        Assert.That(u.max().ToDouble(), Is.LessThan(1));
        Assert.That(u.mean().ToDouble(), Is.EqualTo(0.5).Within(0.02));
        Tensor un = torch.uniform(-3, 5, [10000]);
        Assert.That(un.min().ToDouble(), Is.GreaterThanOrEqualTo(-3));
        Assert.That(un.max().ToDouble(), Is.LessThan(5));
        Tensor n = torch.normal(2, 3, [20000], ScalarType.Float64);
        Assert.That(n.mean().ToDouble(), Is.EqualTo(2).Within(0.1));
        Assert.That(n.std().ToDouble(), Is.EqualTo(3).Within(0.1));
        Tensor nt = torch.normal(torch.arange(-100, 101, 200, ScalarType.Float64), torch.full([2], 1e-3, ScalarType.Float64));
        Assert.That(nt.data<double>(), Is.EqualTo(new double[] { -100, 100 }).Within(0.1));
        Tensor r = torch.randint(3, 9, [5000]);
        Assert.That(r.dtype, Is.EqualTo(ScalarType.Int64));
        Assert.That(r.unique().data<long>(), Is.EqualTo(new long[] { 3, 4, 5, 6, 7, 8 }));
        Assert.That(torch.randint(0, 4, [10], ScalarType.Int32).dtype, Is.EqualTo(ScalarType.Int32));
        Assert.That(torch.zeros([100], ScalarType.Int64).randint_like(2, 4).unique().data<long>(), Is.EqualTo(new long[] { 2, 3 }));
        Tensor b = torch.full([20000], 0.25).bernoulli();
        Assert.That(b.mean().ToDouble(), Is.EqualTo(0.25).Within(0.02));
        Assert.That(torch.bernoulli(torch.tensor(new float[] { 0, 1 })).data<float>(), Is.EqualTo(new float[] { 0, 1 }));
        Assert.That(torch.zeros(20000).bernoulli_(0.75).mean().ToDouble(), Is.EqualTo(0.75).Within(0.02));
        Assert.That(torch.randperm(50).sort().values.equal(torch.arange(50)), Is.True);
        Tensor m = torch.multinomial(torch.tensor(new float[] { 0, 0, 1, 0 }), 5, replacement: true);
        Assert.That(m.data<long>(), Is.EqualTo(new long[] { 2, 2, 2, 2, 2 }));
        Tensor distinct = torch.multinomial(torch.ones(2, 6), 6);
        Assert.That(distinct.sort().values.equal(torch.arange(6).unsqueeze(0).expand(2, 6)), Is.True);
    }

    [Test]
    public void AutocastFollowsPyTorchsCpuLists()
    {
        // As torch.autocast("cpu") in PyTorch 1.13.1 (checked with Debian's python3-torch): convolutions and
        // matrix products run in bfloat16 (transposed convolution is not on 1.13's list); losses run in
        // float32; softmax and normalisation keep their input's type.
        using var scope = torch.NewDisposeScope();
        Tensor x = torch.randn(1, 3, 8, 8);
        Tensor w = torch.randn(4, 3, 3, 3);
        using (torch.autocast(DeviceType.CPU))
        {
            Assert.That(torch.is_autocast_enabled(), Is.True);
            Assert.That(torch.get_autocast_dtype(), Is.EqualTo(ScalarType.BFloat16));
            Tensor y = F.conv2d(x, w);
            Assert.That(y.dtype, Is.EqualTo(ScalarType.BFloat16));
            Assert.That(F.conv3d(torch.randn(1, 1, 4, 4, 4), torch.randn(2, 1, 3, 3, 3)).dtype, Is.EqualTo(ScalarType.BFloat16));
            Assert.That(F.conv_transpose2d(x, torch.randn(3, 2, 2, 2)).dtype, Is.EqualTo(ScalarType.Float32));
            Assert.That(torch.randn(3, 4).matmul(torch.randn(4, 2)).dtype, Is.EqualTo(ScalarType.BFloat16));
            Assert.That(F.linear(torch.randn(3, 4), torch.randn(2, 4)).dtype, Is.EqualTo(ScalarType.BFloat16));
            Assert.That(torch.randn(2, 3, 4).bmm(torch.randn(2, 4, 2)).dtype, Is.EqualTo(ScalarType.BFloat16));
            Assert.That(F.softmax(y, 1).dtype, Is.EqualTo(ScalarType.BFloat16));
            Assert.That(F.softmax(x, 1).dtype, Is.EqualTo(ScalarType.Float32));
            Assert.That(F.relu(y).dtype, Is.EqualTo(ScalarType.BFloat16));
            Assert.That(F.cross_entropy(y, torch.zeros([1, 6, 6], ScalarType.Int64)).dtype, Is.EqualTo(ScalarType.Float32));
            Assert.That(F.binary_cross_entropy_with_logits(y, y.zeros_like()).dtype, Is.EqualTo(ScalarType.Float32));
            Assert.That(F.mse_loss(y, y.zeros_like()).dtype, Is.EqualTo(ScalarType.Float32));
            Assert.That(F.l1_loss(y, y.zeros_like()).dtype, Is.EqualTo(ScalarType.Float32));
            // Gradients flow back to float32 weights through the bf16 convolution.
            Tensor wg = w.clone().requires_grad_();
            F.conv2d(x, wg).@float().sum().backward();
            Assert.That(wg.grad!.dtype, Is.EqualTo(ScalarType.Float32));
        }
        Assert.That(torch.is_autocast_enabled(), Is.False);
        Assert.That(F.conv2d(x, w).dtype, Is.EqualTo(ScalarType.Float32));
        Assert.Throws<TorchException>(() => torch.autocast(DeviceType.CPU, ScalarType.Float16));
        Assert.That(torch.is_autocast_enabled(), Is.False);
    }

    [Test]
    public void NestedModeScopesRestoreThePreviousState()
    {
        using var scope = torch.NewDisposeScope();
        Tensor x = torch.randn(2, 2);
        Tensor w = torch.ones(2, 2).requires_grad_();
        Assert.That(torch.is_grad_enabled(), Is.True);
        using (torch.no_grad())
        {
            Assert.That(torch.is_grad_enabled(), Is.False);
            Assert.That(x.matmul(w).requires_grad, Is.False);
            using (torch.enable_grad())
            {
                Assert.That(torch.is_grad_enabled(), Is.True);
                Assert.That(x.matmul(w).requires_grad, Is.True);
                using (torch.no_grad())
                {
                    Assert.That(torch.is_grad_enabled(), Is.False);
                }
                Assert.That(torch.is_grad_enabled(), Is.True);
            }
            Assert.That(torch.is_grad_enabled(), Is.False);
        }
        Assert.That(torch.is_grad_enabled(), Is.True);

        using (torch.autocast(DeviceType.CPU))
        {
            using (torch.autocast(DeviceType.CPU))
            {
                Assert.That(x.matmul(w).dtype, Is.EqualTo(ScalarType.BFloat16));
            }
            Assert.That(torch.is_autocast_enabled(), Is.True, "the inner scope must not switch the outer one off");
            Assert.That(x.matmul(w).dtype, Is.EqualTo(ScalarType.BFloat16));
            using (torch.no_grad())
            {
                Assert.That(x.matmul(w).requires_grad, Is.False);
                Assert.That(x.matmul(w).dtype, Is.EqualTo(ScalarType.BFloat16));
            }
            Assert.That(x.matmul(w).requires_grad, Is.True);
        }
        Assert.That(torch.is_autocast_enabled(), Is.False);
        Assert.That(x.matmul(w).dtype, Is.EqualTo(ScalarType.Float32));

        // Disposing a scope twice does not undo the enclosing state.
        IDisposable noGrad = torch.no_grad();
        noGrad.Dispose();
        using (torch.no_grad())
        {
            noGrad.Dispose();
            Assert.That(torch.is_grad_enabled(), Is.False);
        }
    }

    [Test]
    public void ThreadCountRoundTrips()
    {
        int original = torch.get_num_threads();
        try
        {
            torch.set_num_threads(1);
            Assert.That(torch.get_num_threads(), Is.EqualTo(1));
            torch.set_num_threads(2);
            Assert.That(torch.get_num_threads(), Is.EqualTo(2));
        }
        finally
        {
            torch.set_num_threads(original);
        }
        Assert.That(torch.get_num_threads(), Is.EqualTo(original));
        Assert.That(torch.version, Does.StartWith("1.13"));
    }
}
