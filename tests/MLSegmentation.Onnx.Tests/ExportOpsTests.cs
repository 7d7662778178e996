// CA1861: literal arrays are expected values of one-shot assertions.
#pragma warning disable CA1861

using MLSegmentation.Trainers.Engine;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MLSegmentation.Onnx.Tests;

/// <summary>Single operators and their options, each exported on its own and compared with the engine.</summary>
public class ExportOpsTests
{
    /// <summary>Exports x → <paramref name="export"/> → y with symbolic dims, checks it, and compares ORT with <paramref name="engine"/>.</summary>
    private static void AssertOpParity(string name, long[] shape, Func<Tensor, Tensor> engine, Func<OnnxGraphBuilder, string, string> export,
        double tolerance = 1e-4, long[]? secondShape = null)
    {
        var builder = new OnnxGraphBuilder();
        OnnxDimension[] dims = [(OnnxDimension)"N", shape[1], .. Enumerable.Range(0, shape.Length - 2).Select(i => (OnnxDimension)("s" + i))];
        var x = builder.AddInput("x", TensorElementType.Float, dims);
        builder.AddNodeWithOutputs("Identity", [export(builder, x)], ["y"]);
        builder.AddOutput("y", TensorElementType.Float, [.. Enumerable.Range(0, shape.Length).Select(i => (OnnxDimension)("o" + i))]);
        var path = ExportTestKit.NewPath(name);
        builder.Save(path);
        ExportTestKit.AssertValid(path);
        using var session = new InferenceSession(path);
        foreach (var s in secondShape is null ? new[] { shape } : [shape, secondShape])
        {
            using var input = ExportParityTests.RandomInput(s, s.Sum());
            using Tensor expected = Eval(engine, input);
            var actual = ExportTestKit.Run(session, "x", input.data<float>().ToArray(), s, "y")[0];
            Assert.That(actual.Shape, Is.EqualTo(expected.shape), $"{name}: shape at {string.Join("x", s)}");
            Assert.That(ExportTestKit.MaxAbsDiff(actual.Floats!, expected.data<float>().ToArray()), Is.LessThanOrEqualTo(tolerance), $"{name} at {string.Join("x", s)}");
        }
    }

    private static Tensor Eval(Func<Tensor, Tensor> engine, Tensor input)
    {
        using var noGrad = torch.no_grad();
        return engine(input);
    }

    private static Tensor Weight(long seed, params long[] shape)
    {
        torch.manual_seed(seed);
        using var r = torch.randn(shape);
        return r.mul(0.3);
    }

    [Test]
    public void AveragePoolingCountsPaddingAsPyTorch()
    {
        AssertOpParity("avgpool2d", [2, 3, 9, 7], x => TensorOps.AvgPool(x, 3, 2, 1), (b, x) => OnnxOps.AvgPool(b, x, 2, 3, 2, 1), 1e-5, [1, 3, 6, 11]);
        AssertOpParity("avgpool3d", [2, 2, 5, 7, 9], x => TensorOps.AvgPool(x, 2), (b, x) => OnnxOps.AvgPool(b, x, 3, 2), 1e-5);
    }

    [Test]
    public void MaxPoolingWithPaddingAndStride()
    {
        AssertOpParity("maxpool2d", [2, 3, 9, 7], x => TensorOps.MaxPool(x, 3, 2, 1), (b, x) => OnnxOps.MaxPool(b, x, 2, 3, 2, 1), 0, [1, 3, 4, 5]);
        AssertOpParity("maxpool3d", [1, 2, 5, 7, 9], x => TensorOps.MaxPool(x, 2), (b, x) => OnnxOps.MaxPool(b, x, 3, 2), 0);
    }

    [TestCase(ResizeMode.Nearest, false)]
    [TestCase(ResizeMode.Linear, false)]
    [TestCase(ResizeMode.Linear, true)]
    public void ResizeByScaleFactor(ResizeMode mode, bool alignCorners)
    {
        AssertOpParity($"resize-scale-{mode}-{alignCorners}", [2, 3, 5, 7], x => EngineReference.Interpolate(x, 2, mode, alignCorners),
            (b, x) => OnnxOps.Resize(b, x, 2, 2.0, mode, alignCorners), 1e-5, [1, 3, 4, 3]);
        AssertOpParity($"resize3d-scale-{mode}-{alignCorners}", [1, 2, 3, 5, 4], x => EngineReference.Interpolate(x, 2, mode, alignCorners),
            (b, x) => OnnxOps.Resize(b, x, 3, 2.0, mode, alignCorners), 1e-5);
    }

    [TestCase(ResizeMode.Nearest, false)]
    [TestCase(ResizeMode.Linear, false)]
    [TestCase(ResizeMode.Linear, true)]
    public void ResizeToFixedSize(ResizeMode mode, bool alignCorners)
    {
        long[] size = [11, 6];
        AssertOpParity($"resize-size-{mode}-{alignCorners}", [2, 3, 5, 9], x => F.interpolate(x, size: size, mode: mode.Engine(2), align_corners: mode == ResizeMode.Nearest ? null : alignCorners),
            (b, x) => OnnxOps.Resize(b, x, size, mode, alignCorners), 1e-5, [3, 3, 13, 4]);
    }

    [Test]
    public void ConvolutionOptionsStrideDilationGroups()
    {
        using var w = Weight(1, 6, 2, 3, 3);
        using var bias = Weight(2, 6);
        AssertOpParity("conv-options", [2, 4, 11, 9], x => F.conv2d(x, w, bias, strides: [2, 2], padding: [2, 2], dilation: [2, 2], groups: 2),
            (b, x) => OnnxOps.Conv(b, x, w.W(), bias.V(), stride: 2, padding: 2, dilation: 2, groups: 2), 1e-4, [1, 4, 8, 13]);
    }

    [Test]
    public void TransposedConvolutionOptions()
    {
        using var w = Weight(3, 4, 3, 3, 3, 3);
        using var bias = Weight(4, 6);
        AssertOpParity("convtranspose3d-options", [2, 4, 3, 5, 4],
            x => F.conv_transpose3d(x, w, bias, strides: [2, 2, 2], padding: [1, 1, 1], output_padding: [1, 1, 1], groups: 2),
            (b, x) => OnnxOps.ConvTranspose(b, x, w.W(), bias.V(), stride: 2, padding: 1, outputPadding: 1, groups: 2), 1e-4, [1, 4, 2, 3, 5]);
    }

    [Test]
    public void BatchNormFoldsIntoGroupedTransposedConvolution()
    {
        using var w = Weight(5, 4, 3, 2, 2);
        using var bias = Weight(6, 6);
        torch.manual_seed(7);
        using var mean = torch.randn(6);
        using var varRaw = torch.rand(6);
        using var var = varRaw.add(0.2);
        using var gamma = Weight(8, 6);
        using var beta = Weight(9, 6);
        var bn = new BatchNormParameters(mean.V(), var.V(), gamma.V(), beta.V(), 1e-3);
        AssertOpParity("convtranspose-bn", [2, 4, 5, 3], x =>
        {
            using var y = F.conv_transpose2d(x, w, bias, strides: [2, 2], groups: 2);
            return F.batch_norm(y, mean, var, gamma, beta, training: false, eps: 1e-3);
        }, (b, x) => OnnxOps.ConvTranspose(b, x, w.W(), bias.V(), stride: 2, groups: 2, foldedBatchNorm: bn));
    }

    [Test]
    public void BatchNormWithoutAffineFoldsIntoBiaslessConvolution()
    {
        using var w = Weight(10, 5, 3, 3, 3);
        torch.manual_seed(11);
        using var mean = torch.randn(5);
        using var var = torch.ones(5);
        var bn = new BatchNormParameters(mean.V(), var.V());
        AssertOpParity("conv-bn-noaffine", [1, 3, 6, 5], x =>
        {
            using var y = F.conv2d(x, w, null, padding: [1, 1]);
            return F.batch_norm(y, mean, var, training: false);
        }, (b, x) => OnnxOps.Conv(b, x, w.W(), null, padding: 1, foldedBatchNorm: bn));
    }

    [Test]
    public void GroupNormWithoutAffineAndActivations()
    {
        AssertOpParity("groupnorm-plain-3d", [2, 6, 3, 4, 5], x => F.group_norm(x, 3), (b, x) => OnnxOps.GroupNorm(b, x, 3, 6, 3), 1e-4, [1, 6, 5, 2, 3]);
        AssertOpParity("activations", [2, 3, 4, 5], x =>
        {
            using var a = F.leaky_relu(x, 0.2);
            return F.sigmoid(a);
        }, (b, x) => OnnxOps.Sigmoid(b, OnnxOps.LeakyRelu(b, x, 0.2)), 1e-6);
    }

    [Test]
    public void InvalidOptionsAreRejectedWithClearMessages()
    {
        var b = new OnnxGraphBuilder();
        var x = b.AddInput("x", TensorElementType.Float, "N", 3, "H", "W");
        using var w1 = torch.zeros(3, 3);
        Assert.That(() => OnnxOps.Conv(b, x, w1.W()), Throws.ArgumentException.With.Message.Contains("4 (2D) or 5 (3D)"));
        Assert.That(() => OnnxOps.MaxPool(b, x, 4, 2), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => OnnxOps.Resize(b, x, 2, 2.0, ResizeMode.Nearest, alignCorners: true), Throws.ArgumentException);
        Assert.That(() => OnnxOps.GroupNorm(b, x, 4, 6, 2), Throws.ArgumentException.With.Message.Contains("divisible"));
        using var w = torch.zeros(4, 3, 3, 3);
        using var mean = torch.zeros(5);
        using var var = torch.ones(5);
        Assert.That(() => OnnxOps.Conv(b, x, w.W(), foldedBatchNorm: new BatchNormParameters(mean.V(), var.V())), Throws.ArgumentException.With.Message.Contains("5 channels"));
    }
}
