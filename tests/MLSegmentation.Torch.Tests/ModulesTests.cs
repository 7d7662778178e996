// CA1861: the literal arrays are expected values of one-shot test assertions, not hot-path arguments.
#pragma warning disable CA1861
using MLSegmentation.Torch.Modules;
using MLSegmentation.Torch.Serialization;

namespace MLSegmentation.Torch.Tests;

public class ModulesTests
{
    private static readonly string[] s_blockNames = ["conv.weight", "conv.bias", "norm.weight", "norm.bias", "head.weight"];
    private static readonly string[] s_blockBuffers = ["norm.running_mean", "norm.running_var", "norm.num_batches_tracked"];
    private static readonly float[] s_bnInput = [1, 3, -2, 0, 5, 7, 2, 4];

    /// <summary>A small custom module with explicit registration, the way trainers will write theirs.</summary>
    private sealed class Block : Module<Tensor, Tensor>
    {
        public Block()
        {
            register_module("conv", torch.nn.Conv2d(2, 4, 3, padding: 1));
            register_module("norm", torch.nn.BatchNorm2d(4));
            register_module("head", torch.nn.Conv2d(4, 1, 1, bias: false));
        }

        public override Tensor forward(Tensor input)
        {
            using var scope = torch.NewDisposeScope();
            var x = ((Conv2d)get_submodule("conv")).call(input);
            x = ((BatchNorm2d)get_submodule("norm")).call(x);
            x = torch.nn.functional.relu(x);
            return ((Conv2d)get_submodule("head")).call(x).MoveToOuterDisposeScope();
        }
    }

    [Test]
    public void NamesFollowRegistrationDepthFirst()
    {
        using var block = new Block();
        Assert.That(block.named_parameters().Select(p => p.name), Is.EqualTo(s_blockNames));
        Assert.That(block.named_buffers().Select(b => b.name), Is.EqualTo(s_blockBuffers));
        Assert.That(block.named_modules().Select(m => m.name), Is.EqualTo(new[] { "", "conv", "norm", "head" }));
        Assert.That(block.children().Count(), Is.EqualTo(3));
        Assert.That(block.parameters().All(p => p.requires_grad && p.is_leaf), Is.True);
        Assert.That(block.ToString(), Does.Contain("(conv): Conv2d weight[4, 2, 3, 3]"));
    }

    [Test]
    public void RegistrationRejectsBadNames()
    {
        using var block = new Block();
        using var scope = torch.NewDisposeScope();
        Assert.Throws<ArgumentException>(() => block.register_parameter("a.b", new Parameter(torch.ones(1))));
        Assert.Throws<ArgumentException>(() => block.register_buffer("conv", torch.ones(1)));
    }

    [Test]
    public void ParametersAreNotCollectedByDisposeScopesAndDieWithTheModule()
    {
        Parameter weight;
        Tensor runningMean;
        var block = new Block();
        using (var scope = torch.NewDisposeScope())
        {
            using var extra = torch.nn.Linear(3, 3);
            weight = ((Conv2d)block.get_submodule("conv")).weight;
            runningMean = ((BatchNorm2d)block.get_submodule("norm")).running_mean!;
            Assert.That(scope.Count, Is.Zero, "creating modules leaves nothing in the scope");
        }
        Assert.That(weight.IsDisposed || runningMean.IsDisposed, Is.False);
        block.Dispose();
        Assert.That(weight.IsDisposed && runningMean.IsDisposed, Is.True);
    }

    [Test]
    public void TrainAndEvalReachEverySubmodule()
    {
        using var block = new Block();
        Assert.That(block.modules().All(m => m.training), Is.True);
        block.eval();
        Assert.That(block.modules().Any(m => m.training), Is.False);
        block.train();
        Assert.That(block.modules().All(m => m.training), Is.True);
    }

    [Test]
    public void ZeroGradClearsGradients()
    {
        using var block = new Block();
        using var scope = torch.NewDisposeScope();
        block.call(torch.randn(2, 2, 5, 5)).sum().backward();
        Assert.That(block.parameters().All(p => p.grad is not null), Is.True);
        block.zero_grad();
        Assert.That(block.parameters().All(p => p.grad is null), Is.True);
    }

    [Test]
    public void ConversionToFloat64KeepsValuesAndIntegerBuffers()
    {
        using var block = new Block();
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(2, 2, 5, 5);
        block.eval();
        float[] before = block.call(x).data<float>();
        block.to(ScalarType.Float64);
        Assert.That(block.parameters().All(p => p.dtype == ScalarType.Float64 && p.requires_grad && p.is_leaf), Is.True);
        var norm = (BatchNorm2d)block.get_submodule("norm");
        Assert.That(norm.running_var!.dtype, Is.EqualTo(ScalarType.Float64));
        Assert.That(norm.num_batches_tracked!.dtype, Is.EqualTo(ScalarType.Int64));
        double[] after = block.call(x.to(ScalarType.Float64)).data<double>();
        Assert.That(after, Is.EqualTo(before.Select(v => (double)v)).Within(1e-5));
        block.to(Device.Cpu);
        Assert.Throws<ArgumentException>(() => block.to(ScalarType.Int64));
    }

    [Test]
    public void StateDictRoundTripsThroughAFile()
    {
        string file = Path.Combine(Path.GetTempPath(), $"mlseg-module-{Guid.NewGuid():N}.sd");
        try
        {
            using var scope = torch.NewDisposeScope();
            var x = torch.randn(2, 2, 5, 5);
            using var source = new Block();
            source.call(x); // updates the running statistics
            source.eval();
            var expected = source.call(x);
            source.save(file, new Dictionary<string, string> { ["arch"] = "block" });

            using var target = new Block();
            target.eval();
            Assert.That(target.call(x).allclose(expected), Is.False);
            LoadStateDictResult result = target.load(file);
            Assert.That(result.missing_keys, Is.Empty);
            Assert.That(result.unexpected_keys, Is.Empty);
            Assert.That(target.call(x).equal(expected), Is.True);
            Assert.That(((BatchNorm2d)target.get_submodule("norm")).num_batches_tracked!.item<long>(), Is.EqualTo(1));
            using StateDict loaded = StateDict.Load(file);
            Assert.That(loaded.Metadata["arch"], Is.EqualTo("block"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void StateDictSharesStorageButNotAutograd()
    {
        using var linear = torch.nn.Linear(2, 2);
        using StateDict state = linear.state_dict();
        Assert.That(state["weight"].requires_grad, Is.False);
        using (torch.no_grad()) state["weight"].fill_(3);
        Assert.That(linear.weight.data<float>(), Is.All.EqualTo(3f));
    }

    [Test]
    public void LoadStateDictNamesMissingUnexpectedAndMismatchedEntries()
    {
        using var block = new Block();
        using var other = torch.nn.Sequential(("conv", torch.nn.Conv2d(2, 4, 5)), ("extra", torch.nn.Linear(2, 2)));
        using StateDict state = other.state_dict();
        var e = Assert.Throws<ArgumentException>(() => block.load_state_dict(state))!;
        Assert.That(e.Message, Does.Contain("Block"));
        Assert.That(e.Message, Does.Contain("size mismatch for conv.weight: the state dict has shape [4, 2, 5, 5], the module has [4, 2, 3, 3]"));
        Assert.That(e.Message, Does.Contain("missing keys: norm.weight, norm.bias, norm.running_mean, norm.running_var, norm.num_batches_tracked, head.weight"));
        Assert.That(e.Message, Does.Contain("unexpected keys: extra.weight, extra.bias"));

        float[] before = ((Conv2d)block.get_submodule("conv")).bias!.data<float>();
        Assert.That(() => block.load_state_dict(state, strict: false), Throws.ArgumentException.With.Message.Contains("size mismatch"));
        Assert.That(((Conv2d)block.get_submodule("conv")).bias!.data<float>(), Is.EqualTo(before), "nothing is copied when a check fails");

        using var sameShape = torch.nn.Sequential(("conv", torch.nn.Conv2d(2, 4, 3, padding: 1)), ("extra", torch.nn.Linear(2, 2)));
        using StateDict partial = sameShape.state_dict();
        LoadStateDictResult result = block.load_state_dict(partial, strict: false);
        Assert.That(result.unexpected_keys, Is.EqualTo(new[] { "extra.weight", "extra.bias" }));
        Assert.That(result.missing_keys, Has.Count.EqualTo(6));
        Assert.That(((Conv2d)block.get_submodule("conv")).bias!.data<float>(), Is.EqualTo(sameShape[0].get_parameter("bias")!.data<float>()));
    }

    [Test]
    public void BatchNormTrainsOnBatchStatisticsAndEvaluatesOnRunningOnes()
    {
        using var scope = torch.NewDisposeScope();
        using var bn = torch.nn.BatchNorm2d(2, momentum: 0.1);
        // x[n, c, 0, w]: channel 0 holds 1, 3, 5, 7; channel 1 holds -2, 0, 2, 4.
        var x = torch.tensor(s_bnInput, 2, 2, 1, 2);
        using (torch.no_grad())
        {
            bn.weight!.copy_(torch.tensor(new float[] { 2, 1 }));
            bn.bias!.copy_(torch.tensor(new float[] { 0.5f, 0 }));
        }
        var y = bn.call(x);
        // Channel 0: mean 4, biased variance 5, unbiased 20/3. Channel 1: mean 1, the same variances.
        double s = Math.Sqrt(5 + 1e-5);
        double[] expectedTrain = [2 * (1 - 4) / s + 0.5, 2 * (3 - 4) / s + 0.5, (-2 - 1) / s, (0 - 1) / s, 2 * (5 - 4) / s + 0.5, 2 * (7 - 4) / s + 0.5, (2 - 1) / s, (4 - 1) / s];
        Assert.That(y.data<float>(), Is.EqualTo(expectedTrain).Within(1e-5));
        Assert.That(bn.running_mean!.data<float>(), Is.EqualTo(new[] { 0.4, 0.1 }).Within(1e-6));
        Assert.That(bn.running_var!.data<float>(), Is.EqualTo(new[] { 0.9 + 0.1 * 20 / 3.0, 0.9 + 0.1 * 20 / 3.0 }).Within(1e-6));
        Assert.That(bn.num_batches_tracked!.item<long>(), Is.EqualTo(1));

        bn.eval();
        var z = bn.call(x);
        double v = 0.9 + 0.1 * 20 / 3.0, r = Math.Sqrt(v + 1e-5);
        Assert.That(z.data<float>()[0], Is.EqualTo(2 * (1 - 0.4) / r + 0.5).Within(1e-5));
        Assert.That(z.data<float>()[2], Is.EqualTo((-2 - 0.1) / r).Within(1e-5));
        Assert.That(bn.running_mean!.data<float>(), Is.EqualTo(new[] { 0.4, 0.1 }).Within(1e-6), "evaluation leaves the running statistics alone");
        Assert.That(bn.num_batches_tracked!.item<long>(), Is.EqualTo(1));
    }

    [Test]
    public void BatchNormWithoutMomentumKeepsACumulativeAverage()
    {
        using var scope = torch.NewDisposeScope();
        using var bn = torch.nn.BatchNorm2d(1, momentum: null);
        bn.call(torch.full([2, 1, 2, 2], 2.0));
        bn.call(torch.full([2, 1, 2, 2], 4.0));
        Assert.That(bn.running_mean!.item<float>(), Is.EqualTo(3).Within(1e-6));
        Assert.That(bn.num_batches_tracked!.item<long>(), Is.EqualTo(2));
    }

    [Test]
    public void DropoutIsTheIdentityInEvaluation()
    {
        using var scope = torch.NewDisposeScope();
        using var dropout = torch.nn.Dropout(0.5);
        var x = torch.ones(1000);
        var trained = dropout.call(x).data<float>();
        Assert.That(trained.Distinct().OrderBy(v => v), Is.EqualTo(new[] { 0f, 2f }));
        dropout.eval();
        Assert.That(dropout.call(x).data<float>(), Is.All.EqualTo(1f));
    }

    [Test]
    public void ShapesOfTheRemainingLayers()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(1, 4, 8, 8);
        var v = torch.randn(1, 4, 4, 8, 8);
        using var pool2 = torch.nn.MaxPool2d(2);
        using var avg3 = torch.nn.AvgPool3d(2);
        using var max3 = torch.nn.MaxPool3d(3, stride: 1, padding: 1);
        using var avg2 = torch.nn.AvgPool2d(3, stride: 2, padding: 1);
        using var up = torch.nn.Upsample(size: [4, 16, 16], mode: InterpolationMode.Linear);
        using var near = torch.nn.Upsample(scaleFactor: 2);
        using var inorm = torch.nn.InstanceNorm3d(4);
        using var leaky = torch.nn.LeakyReLU(0.2);
        using var sigmoid = torch.nn.Sigmoid();
        using var identity = torch.nn.Identity();
        Assert.That(pool2.call(x).shape, Is.EqualTo(new long[] { 1, 4, 4, 4 }));
        Assert.That(avg2.call(x).shape, Is.EqualTo(new long[] { 1, 4, 4, 4 }));
        Assert.That(avg3.call(v).shape, Is.EqualTo(new long[] { 1, 4, 2, 4, 4 }));
        Assert.That(max3.call(v).shape, Is.EqualTo(new long[] { 1, 4, 4, 8, 8 }));
        Assert.That(up.call(v).shape, Is.EqualTo(new long[] { 1, 4, 4, 16, 16 }));
        Assert.That(near.call(x).shape, Is.EqualTo(new long[] { 1, 4, 16, 16 }));
        Assert.That(inorm.call(v).mean().ToDouble(), Is.EqualTo(0).Within(1e-5));
        Assert.That(inorm.parameters(), Is.Empty);
        Assert.That(leaky.call(torch.tensor(new float[] { -1, 2 })).data<float>(), Is.EqualTo(new[] { -0.2f, 2f }));
        Assert.That(sigmoid.call(torch.zeros(1)).item<float>(), Is.EqualTo(0.5f));
        var same = identity.call(x);
        Assert.That(same.IsSameAs(x) && !ReferenceEquals(same, x), Is.True);
        var e = Assert.Throws<ArgumentException>(() => pool2.call(v))!;
        Assert.That(e.Message, Does.Contain("MaxPool2d takes [N, C, H, W] input, got shape [1, 4, 4, 8, 8]"));
    }

    [Test]
    public void SequentialChainsAndDisposesIntermediates()
    {
        using var scope = torch.NewDisposeScope();
        using var seq = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(inplace: true), torch.nn.Linear(4, 2));
        var x = torch.randn(5, 3);
        int before = scope.Count;
        var y = seq.call(x);
        Assert.That(y.shape, Is.EqualTo(new long[] { 5, 2 }));
        Assert.That(scope.Count, Is.EqualTo(before + 1), "only the result stays");
        using (torch.no_grad())
        {
            var manual = seq[2].call(torch.nn.functional.relu(seq[0].call(x)));
            Assert.That(y.allclose(manual), Is.True);
        }
        Assert.That(seq.named_parameters().Select(p => p.name), Is.EqualTo(new[] { "0.weight", "0.bias", "2.weight", "2.bias" }));
        using var empty = new Sequential(Array.Empty<Module<Tensor, Tensor>>());
        Assert.That(empty.call(x).IsSameAs(x), Is.True);
    }

    [Test]
    public void ModuleListAndDictRegisterTheirModules()
    {
        using var list = torch.nn.ModuleList(torch.nn.Linear(2, 2), torch.nn.Linear(2, 3, bias: false));
        Assert.That(list.named_parameters().Select(p => p.name), Is.EqualTo(new[] { "0.weight", "0.bias", "1.weight" }));
        Assert.That(list[1].out_features, Is.EqualTo(3));
        using var dict = torch.nn.ModuleDict<Module>(("encoder", torch.nn.Conv2d(1, 2, 3)), ("decoder", torch.nn.ConvTranspose2d(2, 1, 2)));
        Assert.That(dict.named_parameters().Select(p => p.name).First(), Is.EqualTo("encoder.weight"));
        Assert.That(dict["decoder"], Is.TypeOf<ConvTranspose2d>());
        Assert.Throws<ArgumentException>(() => dict.Add("encoder", torch.nn.Identity()));
    }
}
