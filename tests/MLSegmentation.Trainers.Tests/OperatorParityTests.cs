using System.Text.Json;
using MLSegmentation.Networks;
using MLSegmentation.Trainers.Engine;
using MLSegmentation.Trainers.Losses;
using MLSegmentation.Trainers.Segmenters;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MLSegmentation.Trainers.Tests;

/// <summary>
/// The operators the trainers use, through the project's layers where it has them, against PyTorch
/// (reference/operator_reference.py): outputs and the gradients of sum(output · G) for a random cotangent G with respect
/// to every floating input, batch norm's updated running statistics, and the Hessian-vector product CoLab's exact
/// meta-gradient takes; and float64 central differences of a few gradients.
/// </summary>
public class OperatorParityTests
{
    private const double Tolerance = 1e-5;

    private static readonly UNetOptions Leaky2D = new() { Dimensions = 2, Activation = Activation.LeakyReLU };
    private static readonly UNetOptions Relu3D = new() { Dimensions = 3, Activation = Activation.ReLU };

    private static readonly string[] HvpParameters = ["conv1.weight", "norm.weight", "norm.bias", "conv2.weight", "conv2.bias"];

    private static readonly (string Name, string Op, object Parameters, Action<OperatorCase> Build)[] Definitions =
    [
        ("conv2d_3to5_stride1", "conv", Conv(2, 1, 1), c => Convolve(c, new Convolution(2, 3, 5, 3, 1, 1), [2, 3, 10, 10])),
        ("conv2d_3to5_stride2", "conv", Conv(2, 2, 1), c => Convolve(c, new Convolution(2, 3, 5, 3, 2, 1), [2, 3, 11, 11])),
        ("conv2d_48to16_stride2", "conv", Conv(2, 2, 1), c => Convolve(c, new Convolution(2, 48, 16, 3, 2, 1), [1, 48, 8, 8])),
        ("conv2d_4to3_kernel1", "conv", Conv(2, 1, 0), c => Convolve(c, new Convolution(2, 4, 3, 1), [2, 4, 6, 6])),
        ("conv3d_2to4_stride1", "conv", Conv(3, 1, 1), c => Convolve(c, new Convolution(3, 2, 4, 3, 1, 1), [2, 2, 6, 6, 6])),
        ("conv3d_2to4_stride2", "conv", Conv(3, 2, 1), c => Convolve(c, new Convolution(3, 2, 4, 3, 2, 1), [2, 2, 7, 7, 7])),
        ("conv_transpose2d_6to3_stride2", "conv", new { dimensions = 2, stride = 2, transposed = true }, c => Convolve(c, new TransposedConvolution(2, 6, 3, 2, 2), [2, 6, 5, 5])),
        ("conv_transpose3d_4to2_stride2", "conv", new { dimensions = 3, stride = 2, transposed = true }, c => Convolve(c, new TransposedConvolution(3, 4, 2, 2, 2), [2, 4, 3, 3, 3])),
        ("conv3d_2to4_stride122", "conv", new { dimensions = 3, stride = new[] { 1, 2, 2 }, padding = 1 }, c => Convolve(c, new Convolution(3, 2, 4, 3, [1, 2, 2], 1), [2, 2, 5, 7, 6])),
        ("conv_transpose3d_4to2_stride122", "conv", new { dimensions = 3, stride = new[] { 1, 2, 2 }, transposed = true },
            c => Convolve(c, new TransposedConvolution(3, 4, 2, [1, 2, 2], [1, 2, 2]), [2, 4, 3, 3, 2])),
        ("batch_norm2d_training", "batch_norm", new { training = true }, c => BatchNorm(c, [4, 3, 5, 5], training: true)),
        ("batch_norm3d_training", "batch_norm", new { training = true }, c => BatchNorm(c, [3, 2, 4, 4, 4], training: true)),
        ("batch_norm2d_evaluation", "batch_norm", new { training = false }, c => BatchNorm(c, [4, 3, 5, 5], training: false)),
        ("instance_norm2d", "instance_norm", new { }, c => Normalize(c, new InstanceNormalization(3, 2), [2, 3, 6, 6])),
        ("instance_norm3d", "instance_norm", new { }, c => Normalize(c, new InstanceNormalization(2, 3), [2, 2, 4, 4, 4])),
        ("group_norm2d_2groups", "group_norm", new { groups = 2 }, c => Normalize(c, new GroupNormalization(2, 6), [2, 6, 5, 5])),
        ("group_norm3d_3groups", "group_norm", new { groups = 3 }, c => Normalize(c, new GroupNormalization(3, 6), [2, 6, 3, 3, 3])),
        ("max_pool2d_unet", "pool", Pool("max", 2, 2, 0), c => Apply(c, [2, 3, 8, 8], x => TensorOps.MaxPool(x, [2, 2]))),
        ("max_pool3d_unet", "pool", Pool("max", 2, 2, 0), c => Apply(c, [2, 2, 4, 6, 4], x => TensorOps.MaxPool(x, [2, 2, 2]))),
        ("max_pool3d_anisotropic", "pool", new { kind = "max", kernel = new[] { 1, 2, 2 }, stride = new[] { 1, 2, 2 }, padding = 0 },
            c => Apply(c, [2, 2, 3, 6, 4], x => TensorOps.MaxPool(x, [1, 2, 2]))),
        ("avg_pool3d_anisotropic", "pool", new { kind = "avg", kernel = new[] { 2, 1, 2 }, stride = new[] { 2, 1, 2 }, padding = 0 },
            c => Apply(c, [1, 2, 4, 3, 6], x => TensorOps.AvgPool(x, [2, 1, 2]))),
        ("max_pool2d_dilation", "pool", Pool("max", 3, 1, 1), c => Apply(c, [2, 3, 7, 7], x => TensorOps.MaxPool(x, 3, stride: 1, padding: 1))),
        ("avg_pool2d", "pool", Pool("avg", 2, 2, 0), c => Apply(c, [2, 3, 8, 6], x => TensorOps.AvgPool(x, 2))),
        ("avg_pool3d", "pool", Pool("avg", 4, 4, 0), c => Apply(c, [1, 2, 8, 8, 4], x => TensorOps.AvgPool(x, 4))),
        ("upsample_nearest2d", "interpolate", new { mode = "nearest", scale = 2.0 }, c => Apply(c, [2, 3, 4, 5], Layers.Upsample([2, 2]).forward)),
        ("upsample_nearest3d", "interpolate", new { mode = "nearest", scale = 2.0 }, c => Apply(c, [1, 2, 3, 4, 2], Layers.Upsample([2, 2, 2]).forward)),
        ("upsample_nearest3d_anisotropic", "interpolate", new { mode = "nearest", scale = new[] { 1.0, 2.0, 2.0 } }, c => Apply(c, [1, 2, 3, 4, 2], Layers.Upsample([1, 2, 2]).forward)),
        ("interpolate_nearest_size", "interpolate", new { mode = "nearest", size = new long[] { 5, 7 } }, c => Apply(c, [2, 1, 12, 9], x => F.interpolate(x, size: [5, 7]))),
        ("interpolate_bilinear", "interpolate", new { mode = "bilinear", size = new long[] { 9, 13 } },
            c => Apply(c, [2, 3, 5, 6], x => F.interpolate(x, size: [9, 13], mode: InterpolationMode.Bilinear, align_corners: false))),
        ("interpolate_trilinear", "interpolate", new { mode = "trilinear", size = new long[] { 5, 7, 3 } },
            c => Apply(c, [1, 2, 4, 4, 4], x => F.interpolate(x, size: [5, 7, 3], mode: InterpolationMode.Trilinear, align_corners: false))),
        ("interpolate_area2d", "interpolate", new { mode = "area", size = new long[] { 5, 7 } },
            c => Apply(c, [3, 1, 12, 16], x => F.interpolate(x, size: [5, 7], mode: InterpolationMode.Area))),
        ("interpolate_area3d", "interpolate", new { mode = "area", size = new long[] { 3, 5, 2 } },
            c => Apply(c, [2, 1, 8, 10, 6], x => F.interpolate(x, size: [3, 5, 2], mode: InterpolationMode.Area))),
        // The U-Net's activations are in place, so they run on a copy of the leaf.
        ("relu", "relu", new { }, c => Apply(c, [2, 3, 5, 5], x => Layers.Nonlinearity(Relu3D).forward(x.clone()))),
        ("leaky_relu", "leaky_relu", new { slope = 0.01 }, c => Apply(c, [2, 3, 5, 5], x => Layers.Nonlinearity(Leaky2D).forward(x.clone()))),
        ("sigmoid", "sigmoid", new { }, c => Apply(c, [2, 3, 5, 5], x => F.sigmoid(x))),
        ("softmax", "softmax", new { dim = 1 }, c => Apply(c, [2, 4, 5, 5], x => F.softmax(x, 1))),
        ("log_softmax", "log_softmax", new { dim = 1 }, c => Apply(c, [2, 4, 3, 3, 3], x => F.log_softmax(x, 1))),
        ("cross_entropy_indices2d", "cross_entropy", new { }, c => CrossEntropy(c, new CrossEntropyLoss(), [2, 4, 6, 6], ignored: null)),
        ("cross_entropy_indices3d", "cross_entropy", new { }, c => CrossEntropy(c, new CrossEntropyLoss(), [2, 3, 4, 4, 4], ignored: null)),
        ("cross_entropy_weighted_ignored", "cross_entropy", new { ignore_index = 255 },
            c => CrossEntropy(c, new CrossEntropyLoss { ClassWeights = [0.2f, 1f, 2.5f, 0.7f], IgnoreIndex = 255 }, [2, 4, 6, 6], ignored: 255)),
        ("cross_entropy_soft_targets", "cross_entropy", new { }, SoftCrossEntropy),
        ("binary_cross_entropy_sum", "binary_cross_entropy", new { reduction = "sum" }, c =>
        {
            Tensor p = c.Input("x", rand(2, 3, 5, 5) * 0.98 + 0.01);
            Tensor y = c.Input("target", rand(2, 3, 5, 5).round(), differentiable: false);
            c.Differentiate(F.binary_cross_entropy(p, y, reduction: nn.Reduction.Sum));
        }),
        ("binary_cross_entropy_with_logits", "binary_cross_entropy_with_logits", new { }, c =>
        {
            Tensor x = c.Input("x", randn(2, 1, 6, 6) * 2);
            Tensor y = c.Input("target", rand(2, 1, 6, 6), differentiable: false);
            c.Differentiate(F.binary_cross_entropy_with_logits(x, y));
        }),
        ("mse_loss", "mse_loss", new { }, c => c.Differentiate(F.mse_loss(c.Input("x", randn(2, 3, 4, 4)), c.Input("target", randn(2, 3, 4, 4))))),
        ("normalize_embeddings", "normalize", new { dim = 1 }, c => Apply(c, [6, 8], x => F.normalize(x, dim: 1))),
        ("normalize_feature_map", "normalize", new { dim = 1 }, c => Apply(c, [2, 8, 3, 3], x => F.normalize(x, dim: 1))),
        ("pad2d_end", "pad", new { pad = new long[] { 0, 3, 0, 2 } }, c => Apply(c, [2, 3, 5, 6], x => F.pad(x, [0, 3, 0, 2]))),
        ("pad3d_end", "pad", new { pad = new long[] { 0, 1, 0, 2, 0, 3 } }, c => Apply(c, [1, 2, 3, 4, 5], x => F.pad(x, [0, 1, 0, 2, 0, 3]))),
        ("cat_narrow", "cat_narrow", new { dim = 1, narrow_dim = 2, start = 1, length = 4 }, c =>
            c.Differentiate(cat([c.Input("a", randn(2, 3, 6, 5)), c.Input("b", randn(2, 2, 6, 5))], 1).narrow(2, 1, 4))),
        ("hessian_vector_product", "hvp", new { parameters = HvpParameters }, HessianVectorProduct),
    ];

    private Dictionary<string, OperatorCase>? _cases;
    private Dictionary<string, string[]>? _written;
    private string? _folder;

    private static IEnumerable<TestCaseData> Cases() => Definitions.Select(d => new TestCaseData(d.Name).SetArgDisplayNames(d.Name));

    [OneTimeSetUp]
    public void ComputeAllCasesInTorchSharpAndPyTorch()
    {
        ReferencePython.RequireTorch();
        _folder = Directory.CreateTempSubdirectory("mlseg-operators-").FullName;
        using var scope = NewDisposeScope();
        _cases = [];
        for (int i = 0; i < Definitions.Length; i++)
        {
            (string name, string op, object parameters, Action<OperatorCase> build) = Definitions[i];
            manual_seed(1000 + i);
            var c = new OperatorCase(name, op, parameters);
            build(c);
            _cases[name] = c;
        }
        var manifest = new { cases = _cases.Values.Select(c => c.Write(_folder)).ToArray() };
        File.WriteAllText(Path.Combine(_folder, "manifest.json"), JsonSerializer.Serialize(manifest));
        string stdout = ReferencePython.RunScript("operator_reference.py", [_folder]);
        _written = JsonDocument.Parse(stdout).RootElement.GetProperty("results").Deserialize<Dictionary<string, string[]>>();
    }

    [OneTimeTearDown]
    public void RemoveTheExchangeFolder()
    {
        if (_folder is not null) Directory.Delete(_folder, recursive: true);
    }

    [TestCaseSource(nameof(Cases))]
    public void TorchSharpMatchesPyTorch(string name)
    {
        OperatorCase c = _cases![name];
        Assert.That(_written![name], Is.EquivalentTo(c.Results.Keys), $"{name}: the results PyTorch gives");
        var failures = new List<string>();
        foreach ((string result, float[] ours) in c.Results)
        {
            float[] theirs = ReferencePython.ReadFloats(Path.Combine(_folder!, $"{name}.{result}.f32"));
            Assert.That(theirs, Has.Length.EqualTo(ours.Length), $"{name}.{result}: element count");
            double scale = theirs.Max(v => Math.Abs((double)v)), worst = 0;
            for (int k = 0; k < ours.Length; k++) worst = Math.Max(worst, Math.Abs((double)ours[k] - theirs[k]));
            if (!ours.All(float.IsFinite)) worst = double.NaN;
            double relative = scale > 0 ? worst / scale : worst;
            TestContext.Out.WriteLine($"{name}.{result}: max |Δ| {worst:G3}, relative to max |value| {scale:G3}: {relative:G3}");
            if (!(relative <= Tolerance)) failures.Add($"{name}.{result}: max |Δ| {worst:G3}, max |value| {scale:G3}, relative {relative:G3} > {Tolerance:G1}");
        }
        Assert.That(failures, Is.Empty);
    }

    [TestCase("Convolution")]
    [TestCase("GroupNormalization")]
    [TestCase("SoftCrossEntropy")]
    public void CentralDifferencesConfirmTheGradient(string op)
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        var conv = new Convolution(2, 3, 5, 3, 2, 1);
        var norm = new GroupNormalization(2, 6);
        (Tensor[] inputs, Func<Tensor[], Tensor> exact, Func<Tensor[], Tensor> float32) = op switch
        {
            "Convolution" => Module(conv, randn(2, 3, 7, 7), conv.Weight, conv.Bias!),
            "GroupNormalization" => Module(norm, randn(2, 6, 4, 4), 1 + 0.3 * randn(6), 0.3 * randn(6)),
            _ => SoftTargets(),
        };
        Tensor[] x = [.. inputs.Select(t => t.detach().to(ScalarType.Float64))];
        // The guard pads float32 only: the float64 gradient checks the convolution itself, the float32 one the guard.
        if (op == "Convolution") Assert.That(OneDnnChannelGuard.Applies(x[0].to(ScalarType.Float32), 3, 5, [3, 3]), Is.EqualTo(OneDnnChannelGuard.Enabled), "the float32 gradient goes through the guard");
        Tensor[] u = [.. x.Select(t => randn_like(t))];
        Tensor g = randn_like(exact(x));
        const double H = 1e-4;
        double Loss(double step) => (exact([.. x.Zip(u, (a, b) => a + step * b)]) * g).sum().ToDouble();
        double central = (Loss(H) - Loss(-H)) / (2 * H);

        double Directional(Func<Tensor[], Tensor> f, ScalarType type)
        {
            Tensor[] leaves = [.. x.Select(t => t.detach().to(type).requires_grad_())];
            (f(leaves) * g.to(type)).sum().backward();
            return leaves.Zip(u, (l, d) => (l.grad!.to(ScalarType.Float64) * d).sum().ToDouble()).Sum();
        }
        double analytic = Directional(exact, ScalarType.Float64), single = Directional(float32, ScalarType.Float32);

        TestContext.Out.WriteLine($"{op}: central {central:G17}, float64 {analytic:G17}, float32 {single:G9}");
        Assert.That(Math.Abs(analytic - central) / Math.Abs(central), Is.LessThan(1e-6), $"{op}: float64 gradient along a random direction against central differences");
        Assert.That(Math.Abs(single - central) / Math.Abs(central), Is.LessThan(1e-4), $"{op}: float32 gradient along the same direction");
    }

    /// <summary>A layer's input, weight and bias, and the layer run with them substituted (float64 and float32 alike).</summary>
    private static (Tensor[], Func<Tensor[], Tensor>, Func<Tensor[], Tensor>) Module(nn.Module<Tensor, Tensor> layer, Tensor x, Tensor weight, Tensor bias)
    {
        Tensor Run(Tensor[] t)
        {
            using (ParameterSubstitution.Substitute(layer, new Dictionary<string, Tensor> { ["weight"] = t[1], ["bias"] = t[2] })) return layer.forward(t[0]);
        }
        return ([x, weight, bias], Run, Run);
    }

    /// <summary>Logits and soft targets; the project's loss computes in float32 only, so float64 uses PyTorch's cross-entropy with probability targets.</summary>
    private static (Tensor[], Func<Tensor[], Tensor>, Func<Tensor[], Tensor>) SoftTargets() =>
        ([randn(2, 4, 5, 5), F.softmax(randn(2, 4, 5, 5), 1)], t => F.cross_entropy(t[0], t[1]), t => new CrossEntropyLoss().Compute(t[0], t[1]));

    private static object Conv(int dimensions, int stride, int padding) => new { dimensions, stride, padding };

    private static object Pool(string kind, int kernel, int stride, int padding) => new { kind, kernel, stride, padding };

    private static void Apply(OperatorCase c, long[] shape, Func<Tensor, Tensor> op) => c.Differentiate(op(c.Input("x", randn(shape))));

    /// <summary>Runs <paramref name="layer"/> on a random input with its weight and bias substituted by random inputs.</summary>
    private static void Substituted(OperatorCase c, nn.Module<Tensor, Tensor> layer, Tensor x, Tensor weight, Tensor bias, params (string Name, Tensor Value)[] buffers)
    {
        var substitutes = new Dictionary<string, Tensor> { ["weight"] = c.Input("weight", weight), ["bias"] = c.Input("bias", bias) };
        foreach ((string name, Tensor value) in buffers) substitutes[name] = value;
        Tensor input = c.Input("x", x);
        using (ParameterSubstitution.Substitute(layer, substitutes)) c.Differentiate(layer.forward(input), buffers);
    }

    private static void Convolve(OperatorCase c, nn.Module<Tensor, Tensor> layer, long[] shape)
    {
        Tensor weight = layer.named_parameters().Single(p => p.name == "weight").parameter;
        Substituted(c, layer, randn(shape), weight.detach().clone(), 0.5 * randn(weight.shape[layer is TransposedConvolution ? 1 : 0]));
    }

    private static void Normalize(OperatorCase c, nn.Module<Tensor, Tensor> layer, long[] shape) =>
        Substituted(c, layer, 2 * randn(shape) + 0.5, 1 + 0.3 * randn(shape[1]), 0.3 * randn(shape[1]));

    private static void BatchNorm(OperatorCase c, long[] shape, bool training)
    {
        var layer = new BatchNormalization(shape[1], shape.Length - 2);
        if (!training) layer.eval();
        Tensor mean = c.Input("running_mean", 0.2 * randn(shape[1]), differentiable: false);
        Tensor variance = c.Input("running_var", 0.5 + rand(shape[1]), differentiable: false);
        // The layer updates the statistics it is given in place; the inputs stay as written.
        Substituted(c, layer, 2 * randn(shape) + 0.5, 1 + 0.3 * randn(shape[1]), 0.3 * randn(shape[1]), ("running_mean", mean.clone()), ("running_var", variance.clone()));
    }

    private static void CrossEntropy(OperatorCase c, CrossEntropyLoss loss, long[] shape, long? ignored)
    {
        Tensor logits = c.Input("logits", 2 * randn(shape));
        Tensor target = randint(0, shape[1], [shape[0], .. shape[2..]]);
        if (ignored is long index) target = target.masked_fill(rand(target.shape) < 0.2, index);
        c.Input("target", target, differentiable: false);
        if (loss.ClassWeights is { } weights) c.Input("weight", tensor(weights.ToArray()), differentiable: false);
        c.Differentiate(loss.Compute(logits, target));
    }

    private static void SoftCrossEntropy(OperatorCase c)
    {
        Tensor logits = c.Input("logits", 2 * randn(2, 5, 4, 6));
        Tensor target = c.Input("target", F.softmax(randn(2, 5, 4, 6), 1));
        c.Differentiate(new CrossEntropyLoss().Compute(logits, target));
    }

    /// <summary>
    /// conv → instance norm → leaky ReLU → conv of the project's layers with cross-entropy (the first convolution without
    /// bias, as in the U-Net: instance norm cancels it), its parameters θ substituted as CoLab's meta step does: g = ∇θ L with a graph, then H·v = ∇θ (g · v).
    /// </summary>
    private static void HessianVectorProduct(OperatorCase c)
    {
        var net = nn.Sequential(
            ("conv1", new Convolution(2, 2, 4, 3, 1, 1, bias: false)), ("norm", new InstanceNormalization(4, 2)),
            ("act", Layers.Nonlinearity(Leaky2D)), ("conv2", new Convolution(2, 4, 3, 3, 1, 1)));
        var own = net.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter, StringComparer.Ordinal);
        Assert.That(own.Keys, Is.EquivalentTo(HvpParameters));
        Tensor x = c.Input("x", randn(2, 2, 8, 8), differentiable: false);
        Tensor labels = c.Input("labels", randint(0, 3, [2, 8, 8]), differentiable: false);
        Tensor[] theta = [.. HvpParameters.Select(n => c.Input(n, own[n].detach() + 0.2 * randn_like(own[n])))];
        Tensor[] v = [.. HvpParameters.Select(n => c.Input("v." + n, randn_like(own[n]), differentiable: false))];

        Tensor loss;
        using (ParameterSubstitution.Substitute(net, HvpParameters.Zip(theta).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal)))
            loss = new CrossEntropyLoss().Compute(net.forward(x), labels);
        Tensor[] g = [.. autograd.grad([loss], theta, retain_graph: true, create_graph: true)];
        Tensor dot = g.Zip(v, (a, b) => (a * b).sum()).Aggregate((a, b) => a + b);
        Tensor[] hv = [.. autograd.grad([dot], theta)];
        c.Record("output", loss);
        for (int j = 0; j < theta.Length; j++)
        {
            c.Record("grad." + HvpParameters[j], g[j]);
            c.Record("hvp." + HvpParameters[j], hv[j]);
        }
    }

    /// <summary>One operator case: its named inputs (written for PyTorch) and TorchSharp's results, copied out of their tensors.</summary>
    private sealed class OperatorCase(string name, string op, object parameters)
    {
        private readonly List<(string Name, Tensor Value, bool Differentiable)> _inputs = [];

        public Dictionary<string, float[]> Results { get; } = new(StringComparer.Ordinal);

        public Tensor Input(string input, Tensor value, bool differentiable = true)
        {
            if (differentiable) value.requires_grad_();
            _inputs.Add((input, value, differentiable));
            return value;
        }

        public void Record(string result, Tensor value) => Results[result] = value.detach().contiguous().data<float>().ToArray();

        /// <summary>Records <paramref name="output"/>, the further results and the gradients of sum(output · G) for a new random cotangent G.</summary>
        public void Differentiate(Tensor output, params (string Name, Tensor Value)[] further)
        {
            Tensor cotangent = Input("cotangent", randn(output.shape), differentiable: false);
            (output * cotangent).sum().backward();
            Record("output", output);
            foreach ((string result, Tensor value) in further) Record(result, value);
            foreach ((string input, Tensor value, bool differentiable) in _inputs)
            {
                if (differentiable) Record("grad." + input, value.grad!);
            }
        }

        /// <summary>Writes the inputs as raw little-endian files into <paramref name="folder"/>; returns the case's manifest entry.</summary>
        public object Write(string folder) => new
        {
            name,
            op,
            parameters,
            inputs = _inputs.Select(i =>
            {
                string file = $"{name}.{i.Name}.in";
                Tensor t = i.Value.detach().contiguous();
                if (t.dtype == ScalarType.Int64) ReferencePython.WriteRaw(Path.Combine(folder, file), t.data<long>().ToArray());
                else ReferencePython.WriteRaw(Path.Combine(folder, file), t.data<float>().ToArray());
                return new { name = i.Name, file, shape = t.shape, dtype = t.dtype == ScalarType.Int64 ? "int64" : "float32", differentiable = i.Differentiable };
            }).ToArray(),
        };
    }
}
