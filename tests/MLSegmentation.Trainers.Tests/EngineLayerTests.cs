using MLSegmentation.Networks;
using MLSegmentation.Trainers.Engine;
using MLSegmentation.Trainers.Segmenters;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MLSegmentation.Trainers.Tests;

/// <summary>The project's layers over TorchSharp: parameter substitution, autocast, the oneDNN channel guard, PyTorch's names and counts.</summary>
public class EngineLayerTests
{
    private static readonly UNetOptions Small = new() { Depth = 2, BaseWidth = 4, Classes = 2 };

    // ---- ParameterSubstitution ----

    [Test]
    public void SubstitutedWeightsGiveTheOutputOfANetworkHoldingThoseWeights()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var substituted = new UNet(Small);
        using var copied = new UNet(Small);
        var substitutes = substituted.named_parameters()
            .ToDictionary(p => p.name, p => (randn_like(p.parameter) * 0.3).requires_grad_(), StringComparer.Ordinal);
        using (no_grad())
        {
            foreach ((string name, var p) in copied.named_parameters()) p.copy_(substitutes[name]);
        }
        Tensor x = randn([2, 1, 16, 16]);

        Tensor viaSubstitution;
        using (ParameterSubstitution.Substitute(substituted, substitutes)) viaSubstitution = substituted.forward(x);
        Tensor viaCopy = copied.forward(x);
        Tensor own = substituted.forward(x);

        Assert.That(viaSubstitution.allclose(viaCopy, rtol: 1e-5, atol: 1e-6), Is.True, "substituted forward equals the forward of a network holding the values");
        Assert.That(own.allclose(viaCopy, rtol: 1e-3, atol: 1e-3), Is.False, "outside the scope the network's own weights are used again");

        Tensor target = randn_like(viaCopy);
        ((viaSubstitution - target).square().mean()).backward();
        ((viaCopy - target).square().mean()).backward();
        foreach ((string name, var p) in copied.named_parameters())
        {
            Tensor? g = substitutes[name].grad;
            Assert.That(g, Is.Not.Null, $"gradient reaches the substitute of {name}");
            Assert.That(g!.abs().sum().item<float>(), Is.GreaterThan(0f), name);
            Assert.That(g.allclose(p.grad!, rtol: 1e-4, atol: 1e-6), Is.True, $"gradient of {name} equals the copied network's");
        }
        foreach ((string name, var p) in substituted.named_parameters())
            Assert.That(p.grad is null || p.grad.abs().sum().item<float>() == 0f, Is.True, $"the replaced parameter {name} gets no gradient");
    }

    [Test]
    public void UnknownOrMisshapenSubstitutesAreRejectedByName()
    {
        using var scope = NewDisposeScope();
        using var net = new UNet(Small);
        var unknown = Assert.Throws<ArgumentException>(() => ParameterSubstitution.Substitute(net, new Dictionary<string, Tensor> { ["encoder.9.layers.0.weight"] = zeros(1) }));
        Assert.That(unknown!.Message, Does.Contain("encoder.9.layers.0.weight"));
        var misshapen = Assert.Throws<ArgumentException>(() => ParameterSubstitution.Substitute(net, new Dictionary<string, Tensor> { ["head.bias"] = zeros(5) }));
        Assert.That(misshapen!.Message, Does.Contain("head.bias"));
        // a rejected substitution leaves nothing behind
        Tensor bias = net.named_parameters().Single(p => p.name == "head.bias").parameter;
        Assert.That(ParameterSubstitution.Resolve(bias), Is.SameAs(bias));
    }

    // ---- AutocastScope ----

    [Test]
    public void AutocastRunsConvolutionsInBFloat16AndKeepsLossesAndGradientsInFloat32()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        using var conv = new Convolution(2, 16, 16, kernelSize: 3, padding: 1);
        Tensor x = randn([2, 16, 8, 8]);
        Tensor target = randint(0, 16, [2, 8, 8]);

        Tensor inside, loss;
        using (new AutocastScope(DeviceType.CPU, ScalarType.BFloat16))
        {
            Assert.That(AutocastScope.IsEnabled(DeviceType.CPU), Is.True);
            inside = conv.forward(x);
            loss = F.cross_entropy(inside, target);
        }
        Assert.That(AutocastScope.IsEnabled(DeviceType.CPU), Is.False, "disposing the scope restores the state");
        Assert.That(inside.dtype, Is.EqualTo(ScalarType.BFloat16));
        Assert.That(loss.dtype, Is.EqualTo(ScalarType.Float32), "cross-entropy runs in float32 under autocast");
        Assert.That(conv.forward(x).dtype, Is.EqualTo(ScalarType.Float32), "outside the scope");

        loss.backward();
        Assert.That(conv.Weight.dtype, Is.EqualTo(ScalarType.Float32));
        Assert.That(conv.Weight.grad, Is.Not.Null);
        Assert.That(conv.Weight.grad!.dtype, Is.EqualTo(ScalarType.Float32), "float32 parameters get float32 gradients");
        Assert.That(conv.Weight.grad.isfinite().all().item<bool>(), Is.True);
        Assert.That(conv.Weight.grad.abs().sum().item<float>(), Is.GreaterThan(0f));
    }

    [Test]
    public void Float16AutocastOnTheCpuIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => new AutocastScope(DeviceType.CPU, ScalarType.Float16));
        Assert.That(e!.Message, Does.Contain("bfloat16"));
        Assert.Throws<ArgumentException>(() => new AutocastScope(DeviceType.CPU, ScalarType.Float32));
    }

    [Test]
    public void ALibtorchWithoutTheAutocastSymbolsGivesAClearException()
    {
        var missing = Assert.Throws<NotSupportedException>(() => AutocastScope.CheckExports("libc.so.6"));
        Assert.That(missing!.Message, Does.Contain("does not export at::autocast::set_autocast_enabled").And.Contain("_ZN2at8autocast20set_autocast_enabledEN3c1010DeviceTypeEb"));
        var absent = Assert.Throws<NotSupportedException>(() => AutocastScope.CheckExports("libno-such-torch"));
        Assert.That(absent!.Message, Does.Contain("libno-such-torch is not loaded"));
        Assert.DoesNotThrow(() => AutocastScope.CheckExports("libtorch_cpu"), "the libtorch TorchSharp loads exports them");
    }

    // ---- OneDnnChannelGuard ----

    private static IEnumerable<TestCaseData> GuardCases()
    {
        foreach (int dims in new[] { 2, 3 })
        {
            foreach (int kernel in new[] { 3, 2 })
            {
                foreach ((int cin, int cout) in new[] { (3, 4), (4, 2), (40, 3), (48, 16) })
                {
                    yield return new TestCaseData(dims, kernel, cin, cout, false).SetArgDisplayNames($"{dims}D", $"k{kernel}", $"{cin}→{cout}", "conv");
                    yield return new TestCaseData(dims, kernel, cin, cout, true).SetArgDisplayNames($"{dims}D", $"k{kernel}", $"{cin}→{cout}", "transposed");
                }
            }
        }
    }

    [TestCaseSource(nameof(GuardCases))]
    public void ConvolutionsMatchAFloat64ReferenceWhateverTheChannelCounts(int dims, int kernel, int cin, int cout, bool transposed)
    {
        using var scope = NewDisposeScope();
        manual_seed(11 + cin + cout + kernel + dims);
        long stride = kernel == 2 ? 2 : 1, padding = kernel == 3 && !transposed ? 1 : 0;
        nn.Module<Tensor, Tensor> layer = transposed
            ? new TransposedConvolution(dims, cin, cout, kernel, stride)
            : new Convolution(dims, cin, cout, kernel, stride, padding);
        Tensor weight = transposed ? ((TransposedConvolution)layer).Weight : ((Convolution)layer).Weight;
        Tensor bias = transposed ? ((TransposedConvolution)layer).Bias : ((Convolution)layer).Bias!;
        long[] shape = dims == 2 ? [2, cin, 8, 8] : [2, cin, 6, 6, 6];

        Tensor x = randn(shape).requires_grad_();
        Assert.That(OneDnnChannelGuard.Applies(x, cin, cout, weight.shape[2..]), Is.EqualTo(OneDnnChannelGuard.Enabled), "the case goes through the guard");
        Tensor y = layer.forward(x);
        Tensor upstream = randn(y.shape);
        (y * upstream).sum().backward();

        Tensor x64 = x.detach().to(ScalarType.Float64).requires_grad_();
        Tensor w64 = weight.detach().to(ScalarType.Float64).requires_grad_();
        Tensor b64 = bias.detach().to(ScalarType.Float64);
        long[] strides = [.. Enumerable.Repeat(stride, dims)], paddings = [.. Enumerable.Repeat(padding, dims)];
        Tensor y64 = (dims, transposed) switch
        {
            (2, false) => F.conv2d(x64, w64, b64, strides, paddings),
            (3, false) => F.conv3d(x64, w64, b64, strides, paddings),
            (2, true) => F.conv_transpose2d(x64, w64, b64, strides),
            _ => F.conv_transpose3d(x64, w64, b64, strides),
        };
        (y64 * upstream.to(ScalarType.Float64)).sum().backward();

        Assert.That(y.shape, Is.EqualTo(y64.shape));
        AssertClose(y, y64, "forward");
        AssertClose(x.grad!, x64.grad!, "input gradient");
        AssertClose(weight.grad!, w64.grad!, "weight gradient");
    }

    private static void AssertClose(Tensor actual, Tensor reference, string what)
    {
        Assert.That(actual.dtype, Is.EqualTo(ScalarType.Float32), what);
        Assert.That(actual.isfinite().all().item<bool>(), Is.True, $"{what} is finite");
        double scale = reference.abs().max().item<double>();
        double error = (actual.to(ScalarType.Float64) - reference).abs().max().item<double>();
        Assert.That(scale, Is.GreaterThan(0), what);
        Assert.That(error / scale, Is.LessThanOrEqualTo(1e-4), $"{what}: max error {error:G3} of max |value| {scale:G3}");
    }

    // ---- PyTorch's names and parameter counts ----

    [Test]
    public void ParameterCountAndStateDictNamesAreThoseOfPyTorch()
    {
        using var scope = NewDisposeScope();
        var options = new UNetOptions
        {
            Dimensions = 2, InputChannels = 1, Classes = 2, Depth = 2, BaseWidth = 4,
            Normalization = Normalization.Batch, Upsampling = Upsampling.TransposedConvolution, Downsampling = Downsampling.MaxPool,
        };
        using var net = new UNet(options);

        // nn.Conv2d(cin, cout, 3, bias=False) + nn.BatchNorm2d(cout) (weight, bias), twice per stage
        static long Stage(long cin, long cout) => cin * cout * 9 + 2 * cout + cout * cout * 9 + 2 * cout;
        long expected = 0;
        for (int s = 0; s <= options.Depth; s++) expected += Stage(s == 0 ? options.InputChannels : options.Width(s - 1), options.Width(s));
        for (int s = options.Depth - 1; s >= 0; s--)
        {
            long cin = options.Width(s + 1), cout = options.Width(s);
            expected += cin * cout * 4 + cout; // nn.ConvTranspose2d(cin, cout, 2, stride=2)
            expected += Stage(2 * cout, cout);
        }
        expected += options.Width(0) * options.Classes + options.Classes; // nn.Conv2d(4, 2, 1)
        Assert.That(expected, Is.EqualTo(7482), "the formula for widths 4, 8, 16");
        Assert.That(net.parameters().Sum(p => p.numel()), Is.EqualTo(expected));

        Dictionary<string, Tensor> state = net.state_dict();
        Assert.That(state.Keys, Is.SupersetOf(new[]
        {
            "encoder.0.layers.0.weight", "encoder.0.layers.1.weight", "encoder.0.layers.1.running_mean", "encoder.0.layers.1.num_batches_tracked",
            "up.0.weight", "up.0.bias", "decoder.1.layers.4.running_var", "head.weight", "head.bias",
        }));
        Assert.That(state["encoder.0.layers.1.num_batches_tracked"].dtype, Is.EqualTo(ScalarType.Int64));
        Assert.That(state["up.0.weight"].shape, Is.EqualTo(new long[] { 16, 8, 2, 2 }), "ConvTranspose2d keeps [in, out, k, k]");
        Assert.That(state["head.weight"].shape, Is.EqualTo(new long[] { 2, 4, 1, 1 }));
        Assert.That(state.Keys.Count(k => k.EndsWith(".num_batches_tracked", StringComparison.Ordinal)), Is.EqualTo(2 * (options.Depth + 1) + 2 * options.Depth));
        Assert.That(state.Keys.Where(k => !k.EndsWith("running_mean", StringComparison.Ordinal) && !k.EndsWith("running_var", StringComparison.Ordinal) && !k.EndsWith("num_batches_tracked", StringComparison.Ordinal)),
            Is.EquivalentTo(net.named_parameters().Select(p => p.name)), "every other state-dict entry is a parameter");
    }
}
