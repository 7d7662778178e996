// CA1861: literal arrays are expected values of one-shot assertions.
#pragma warning disable CA1861

using MLSegmentation.Trainers.Engine;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;


namespace MLSegmentation.Onnx.Tests;

public enum TestNorm
{
    Batch,
    Instance,
    Group,
}

/// <summary>
/// A small U-shaped net over raw weight tensors, run by the engine's functional operators and exported through
/// <see cref="OnnxOps"/>: conv → norm → ReLU (skip) → max-pool → conv → norm → LeakyReLU → transposed conv →
/// resize to the skip's size → concat → 1×1 conv (→ softmax → argmax in the head).
/// </summary>
internal sealed class FunctionalUNet : IDisposable
{
    private const long Hidden = 8;
    private const long Groups = 4;
    private readonly List<Tensor> _owned = [];
    private readonly int _d;
    private readonly TestNorm _norm;
    private readonly Tensor _w1, _b1, _w2, _b2, _wt, _bt, _w3, _b3;
    private readonly Tensor[] _n1, _n2;

    public FunctionalUNet(int spatialDims, TestNorm norm, long inChannels, long outChannels, long seed)
    {
        _d = spatialDims;
        _norm = norm;
        torch.manual_seed(seed);
        _w1 = Randn(0.4, Kernel(Hidden, inChannels, 3));
        _b1 = Randn(0.1, Hidden);
        _w2 = Randn(0.2, Kernel(2 * Hidden, Hidden, 3));
        _b2 = Randn(0.1, 2 * Hidden);
        _wt = Randn(0.2, Kernel(2 * Hidden, Hidden, 2));
        _bt = Randn(0.1, Hidden);
        _w3 = Randn(0.5, Kernel(outChannels, 2 * Hidden, 1));
        _b3 = Randn(0.1, outChannels);
        _n1 = NormParameters(Hidden);
        _n2 = NormParameters(2 * Hidden);
    }

    public BatchNormParameters Bn(int layer)
    {
        var p = layer == 1 ? _n1 : _n2;
        return new BatchNormParameters(p[2].V(), p[3].V(), p[0].V(), p[1].V(), 1e-5);
    }

    public Tensor Forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var skip = F.relu(Norm(Conv(x, _w1, _b1, 1), _n1));
        var h = TensorOps.MaxPool(skip, 2);
        h = F.leaky_relu(Norm(Conv(h, _w2, _b2, 1), _n2), 0.1);
        h = _d == 2 ? F.conv_transpose2d(h, _wt, _bt, strides: [2, 2]) : F.conv_transpose3d(h, _wt, _bt, strides: [2, 2, 2]);
        h = F.interpolate(h, size: skip.shape[2..]);
        h = torch.cat([skip, h], 1);
        return Conv(h, _w3, _b3, 0).MoveToOuterDisposeScope();
    }

    public string Export(OnnxGraphBuilder b, string x, bool foldBatchNorm = true)
    {
        var skip = OnnxOps.Relu(b, ExportConvNorm(b, x, _w1, _b1, 1, foldBatchNorm));
        var h = OnnxOps.MaxPool(b, skip, _d, 2);
        h = OnnxOps.LeakyRelu(b, ExportConvNorm(b, h, _w2, _b2, 2, foldBatchNorm), 0.1);
        h = OnnxOps.ConvTranspose(b, h, _wt.W(), _bt.V(), stride: 2);
        h = OnnxOps.ResizeLike(b, h, skip);
        h = OnnxOps.Concat(b, [skip, h]);
        return OnnxOps.Conv(b, h, _w3.W(), _b3.V());
    }

    private string ExportConvNorm(OnnxGraphBuilder b, string x, Tensor w, Tensor bias, int layer, bool fold)
    {
        var p = layer == 1 ? _n1 : _n2;
        switch (_norm)
        {
            case TestNorm.Batch when fold:
                return OnnxOps.Conv(b, x, w.W(), bias.V(), padding: 1, foldedBatchNorm: Bn(layer));
            case TestNorm.Batch:
                return OnnxOps.BatchNorm(b, OnnxOps.Conv(b, x, w.W(), bias.V(), padding: 1), Bn(layer));
            case TestNorm.Instance:
                return OnnxOps.InstanceNorm(b, OnnxOps.Conv(b, x, w.W(), bias.V(), padding: 1), p[0].shape[0], p[0].V(), p[1].V());
            default:
                return OnnxOps.GroupNorm(b, OnnxOps.Conv(b, x, w.W(), bias.V(), padding: 1), Groups, p[0].shape[0], _d, p[0].V(), p[1].V());
        }
    }

    private Tensor Conv(Tensor x, Tensor w, Tensor b, long padding) =>
        _d == 2 ? F.conv2d(x, w, b, padding: [padding, padding]) : F.conv3d(x, w, b, padding: [padding, padding, padding]);

    private Tensor Norm(Tensor x, Tensor[] p) => _norm switch
    {
        TestNorm.Batch => F.batch_norm(x, p[2], p[3], p[0], p[1], training: false),
        TestNorm.Instance => F.instance_norm(x, weight: p[0], bias: p[1]),
        _ => F.group_norm(x, Groups, p[0], p[1]),
    };

    private Tensor[] NormParameters(long channels)
    {
        var gamma = Own(torch.randn(channels).mul(0.2).add(1.0));
        var beta = Randn(0.1, channels);
        var mean = Randn(0.3, channels);
        var var = Own(torch.rand(channels).add(0.5));
        return [gamma, beta, mean, var];
    }

    private long[] Kernel(long outC, long inC, long k) => [outC, inC, .. Enumerable.Repeat(k, _d)];

    private Tensor Randn(double scale, params long[] shape)
    {
        using var r = torch.randn(shape);
        return Own(r.mul(scale));
    }

    private Tensor Own(Tensor t)
    {
        _owned.Add(t);
        return t;
    }

    public void Dispose()
    {
        foreach (var t in _owned) t.Dispose();
    }
}

/// <summary>ONNX Runtime's output of exported graphs equals the engine's evaluation output.</summary>
public class ExportParityTests
{
    private const long InChannels = 3;
    private const long Classes = 4;

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (var d in new[] { 2, 3 })
        {
            foreach (var norm in Enum.GetValues<TestNorm>())
            {
                foreach (var batch in new[] { 1, 7 })
                {
                    yield return new TestCaseData(d, norm, batch).SetName($"UNetParity_{d}D_{norm}_batch{batch}");
                }
            }
        }
    }

    internal static long[] Shape(long n, long c, int d, int variant) => (d, variant) switch
    {
        (2, 0) => [n, c, 13, 9],
        (2, _) => [n, c, 7, 11],
        (_, 0) => [n, c, 5, 7, 9],
        _ => [n, c, 7, 3, 5],
    };

    [TestCaseSource(nameof(Cases))]
    public void OrtMatchesEngineAtTwoOddSizes(int d, TestNorm norm, int batch)
    {
        using var net = new FunctionalUNet(d, norm, InChannels, Classes, seed: 17 + d * 10 + (int)norm);
        var path = ExportTestKit.NewPath($"unet{d}d-{norm}");
        SegmenterOnnxExporter.Export(path, Options(d), (b, x) => net.Export(b, x));
        ExportTestKit.AssertValid(path);
        using var session = new InferenceSession(path);
        Assert.That(session.InputMetadata["image"].SymbolicDimensions, Is.EqualTo(d == 2 ? new[] { "N", "", "H", "W" } : ["N", "", "D", "H", "W"]));
        for (var variant = 0; variant < 2; variant++)
        {
            AssertSameAsEngine(session, net.Forward, Shape(batch, InChannels, d, variant), seed: variant);
        }
    }

    [TestCase(2)]
    [TestCase(3)]
    public void FoldedBatchNormEqualsUnfoldedAndEngine(int d)
    {
        using var net = new FunctionalUNet(d, TestNorm.Batch, InChannels, Classes, seed: 5);
        var folded = ExportTestKit.NewPath("folded");
        var unfolded = ExportTestKit.NewPath("unfolded");
        SegmenterOnnxExporter.Export(folded, Options(d), (b, x) => net.Export(b, x, foldBatchNorm: true));
        SegmenterOnnxExporter.Export(unfolded, Options(d), (b, x) => net.Export(b, x, foldBatchNorm: false));
        ExportTestKit.AssertValid(folded, unfolded);
        Assert.That(ExportTestKit.Load(folded).Graph.Node.Count(n => n.OpType == "BatchNormalization"), Is.Zero);
        Assert.That(ExportTestKit.Load(unfolded).Graph.Node.Count(n => n.OpType == "BatchNormalization"), Is.EqualTo(2));

        var shape = Shape(3, InChannels, d, 0);
        using var x = RandomInput(shape, 3);
        var input = x.data<float>().ToArray();
        using var a = new InferenceSession(folded);
        using var b = new InferenceSession(unfolded);
        var pa = ExportTestKit.Run(a, "image", input, shape, "probabilities")[0].Floats!;
        var pb = ExportTestKit.Run(b, "image", input, shape, "probabilities")[0].Floats!;
        Assert.That(ExportTestKit.MaxAbsDiff(pa, pb), Is.LessThanOrEqualTo(1e-5));
        AssertSameAsEngine(a, net.Forward, shape, seed: 3);
    }

    internal static SegmenterExportOptions Options(int d) => new()
    {
        InputChannels = InChannels,
        SpatialDims = d,
        Metadata = new OnnxModelMetadata { ClassNames = ["background", "a", "b", "c"] },
    };

    internal static Tensor RandomInput(long[] shape, long seed)
    {
        torch.manual_seed(1000 + seed);
        return torch.randn(shape);
    }

    /// <summary>Runs engine and session on the same random input; probabilities within 1e-4, labels equal away from near-ties.</summary>
    internal static void AssertSameAsEngine(InferenceSession session, Func<Tensor, Tensor> forward, long[] shape, long seed)
    {
        using var x = RandomInput(shape, seed);
        using var logits = forward(x);
        using var probabilities = F.softmax(logits, 1);
        using var labels = probabilities.argmax(1);
        var expectedP = probabilities.data<float>().ToArray();
        var expectedL = labels.data<long>().ToArray();
        var outputs = ExportTestKit.Run(session, "image", x.data<float>().ToArray(), shape, "probabilities", "labels");
        Assert.That(outputs[0].Shape, Is.EqualTo(probabilities.shape), "probabilities shape");
        Assert.That(outputs[1].Shape, Is.EqualTo(labels.shape), "labels shape");
        Assert.That(expectedP.Max(), Is.GreaterThan(1.4f / probabilities.shape[1]), "the reference must not be flat");
        Assert.That(ExportTestKit.MaxAbsDiff(outputs[0].Floats!, expectedP), Is.LessThanOrEqualTo(1e-4), $"probabilities at {string.Join("x", shape)}");
        Assert.That(ExportTestKit.LabelMismatches(outputs[1].Longs!, expectedL, expectedP, probabilities.shape), Is.Zero, "labels");
    }
}
