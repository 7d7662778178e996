// CA1861: literal arrays are expected values of one-shot assertions.
#pragma warning disable CA1861

using MLSegmentation.Networks;
using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Estimators;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Trainers.Methods;
using F = TorchSharp.torch.nn.functional;

namespace MLSegmentation.Onnx.Tests;

/// <summary>The Trainers' U-Net exported through the default registry: ORT equals the engine's evaluation output.</summary>
public class ExportUNetTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        var deep = false;
        foreach (var d in new[] { 2, 3 })
        {
            foreach (var norm in Enum.GetValues<Normalization>())
            {
                deep = !deep;
                yield return new TestCaseData(d, norm, deep).SetName($"UNet_{d}D_{norm}_deepSupervision{(deep ? "On" : "Off")}");
            }
        }
    }

    private static UNetOptions Small(int d, Normalization norm, bool deep, int classes = 3) => new()
    {
        Dimensions = d,
        InputChannels = 2,
        Classes = classes,
        Depth = 2,
        BaseWidth = 4,
        Groups = 2,
        Normalization = norm,
        DeepSupervision = deep,
    };

    // Multiples of 2^Depth = 4 with odd quotients, and sizes the graph pads (to 4) and crops back.
    private static long[][] Shapes(int d) => d == 2
        ? [[1, 2, 12, 20], [7, 2, 28, 4], [2, 2, 13, 18], [1, 2, 5, 3]]
        : [[1, 2, 4, 12, 20], [7, 2, 12, 4, 4], [1, 2, 5, 9, 7]];

    private static string Export(UNet net, int d, long contextChannels = 0, string[]? classNames = null)
    {
        var path = ExportTestKit.NewPath("unet" + d + "d");
        var options = new SegmenterExportOptions
        {
            InputChannels = 2,
            SpatialDims = d,
            ContextChannels = contextChannels,
            Metadata = new OnnxModelMetadata { ClassNames = classNames ?? ["background", "a", "b"], TrainingSize = d == 2 ? [64, 64] : [32, 32, 32] },
        };
        net.ExportToOnnx(path, options);
        ExportTestKit.AssertValid(path);
        return path;
    }

    [TestCaseSource(nameof(Cases))]
    public void OrtMatchesEngineForEveryNormalisation(int d, Normalization norm, bool deep)
    {
        torch.manual_seed(40 + d);
        using var net = EngineReference.Randomize(new UNet(Small(d, norm, deep)), 41 + (int)norm);
        var path = Export(net, d);
        var ops = ExportTestKit.Load(path).Graph.Node.Select(n => n.OpType).ToList();
        Assert.That(ops, Does.Not.Contain("BatchNormalization"), "batch norm folded into the convolutions");
        using var session = new InferenceSession(path);
        foreach (var shape in Shapes(d)) ExportParityTests.AssertSameAsEngine(session, net.forward, shape, shape[0]);
    }

    [TestCase(2)]
    [TestCase(3)]
    public void ResizeUpsamplingStridedDownsamplingAndLeakyRelu(int d)
    {
        torch.manual_seed(50 + d);
        var options = Small(d, Normalization.Batch, false) with
        {
            Upsampling = Upsampling.Interpolation,
            Downsampling = Downsampling.StridedConvolution,
            Activation = Activation.LeakyReLU,
        };
        using var net = EngineReference.Randomize(new UNet(options), 51);
        using var session = new InferenceSession(Export(net, d));
        foreach (var shape in Shapes(d)) ExportParityTests.AssertSameAsEngine(session, net.forward, shape, shape[0] + 10);
    }

    [TestCase(2, Downsampling.MaxPool, Upsampling.TransposedConvolution)]
    [TestCase(3, Downsampling.MaxPool, Upsampling.TransposedConvolution)]
    [TestCase(3, Downsampling.StridedConvolution, Upsampling.Interpolation)]
    public void AnisotropicDownsamplingFactorsPadAndPoolPerAxis(int d, Downsampling down, Upsampling up)
    {
        torch.manual_seed(70 + d);
        var options = Small(d, Normalization.Instance, deep: true) with
        {
            Downsampling = down,
            Upsampling = up,
            DownsamplingFactors = d == 2 ? [[1, 2], [2, 2]] : [[1, 2, 2], [2, 2, 1]],
        };
        using var net = EngineReference.Randomize(new UNet(options), 71);
        string path = Export(net, d);
        var windows = ExportTestKit.Load(path).Graph.Node.Where(n => n.OpType is "MaxPool" or "ConvTranspose")
            .Select(n => n.Attribute.Single(a => a.Name is "kernel_shape").Ints.ToArray()).ToList();
        long[] first = d == 2 ? [1, 2] : [1, 2, 2];
        Assert.That(windows, Has.Exactly(down == Downsampling.MaxPool && up == Upsampling.TransposedConvolution ? 2 : 0).EqualTo(first),
            "the first step's pooling window and the last up-sampling's kernel cover only the fine axes");
        using var session = new InferenceSession(path);
        long[][] shapes = d == 2 ? [[2, 2, 6, 12], [1, 2, 5, 7]] : [[1, 2, 4, 8, 6], [2, 2, 5, 9, 7], [1, 2, 1, 3, 2]];
        foreach (var shape in shapes) ExportParityTests.AssertSameAsEngine(session, net.forward, shape, shape[0] + 20);
    }

    [Test]
    public void CoLabUNetMergesContextChannelsInsideTheGraph()
    {
        torch.manual_seed(60);
        using var net = EngineReference.Randomize(new UNet(Small(2, Normalization.Instance, true, classes: 5)), 61);
        using var session = new InferenceSession(Export(net, 2, contextChannels: 2));
        long[] shape = [7, 2, 12, 20];
        using var x = ExportParityTests.RandomInput(shape, 62);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        // The exporter's default rule, as the engine defines it.
        var merged = CoLabMethod.MergeContext(net.forward(x), 2, ContextMergeRule.ArgMaxThenMap).exp();
        var expected = merged.data<float>().ToArray();
        var labels = merged.argmax(1).data<long>().ToArray();
        var outputs = ExportTestKit.Run(session, "image", x.data<float>().ToArray(), shape, "probabilities", "labels");
        Assert.That(outputs[0].Shape, Is.EqualTo(new long[] { 7, 3, 12, 20 }));
        Assert.That(ExportTestKit.MaxAbsDiff(outputs[0].Floats!, expected), Is.LessThanOrEqualTo(1e-4));
        Assert.That(ExportTestKit.LabelMismatches(outputs[1].Longs!, labels, expected, merged.shape), Is.Zero);
    }

    [Test]
    public void MismatchedDimensionsFailClearly()
    {
        using var net = new UNet(Small(3, Normalization.Batch, false));
        net.eval();
        var options = new SegmenterExportOptions { InputChannels = 2, SpatialDims = 2, Metadata = new OnnxModelMetadata { ClassNames = ["background", "a", "b"] } };
        Assert.That(() => net.ToOnnxGraph(options), Throws.ArgumentException.With.Message.Contains("3D U-Net"));
    }

    [Test]
    public void MissingOrMisshapenWeightsAreNamed()
    {
        using var net = new UNet(Small(2, Normalization.Batch, false));
        var options = Small(2, Normalization.Batch, false);
        var weights = net.Weights();
        Assert.That(weights.Keys, Does.Contain("encoder.0.layers.0.weight").And.Contain("encoder.0.layers.1.running_var").And.Contain("up.0.weight").And.Contain("head.bias"));
        weights.Remove("decoder.1.layers.4.running_mean");
        var builder = new OnnxGraphBuilder();
        var x = builder.AddInput("x", TensorElementType.Float, "N", 2, "H", "W");
        Assert.That(() => UNetOnnxExporter.Export(builder, options, weights, x),
            Throws.ArgumentException.With.Message.Contains("'decoder.1.layers.4.running_mean'").And.Message.Contains("2D U-Net of depth 2"));
        weights = net.Weights();
        weights["head.bias"] = new WeightArray(new float[6], 2, 3);
        builder = new OnnxGraphBuilder();
        x = builder.AddInput("x", TensorElementType.Float, "N", 2, "H", "W");
        Assert.That(() => UNetOnnxExporter.Export(builder, options, weights, x),
            Throws.ArgumentException.With.Message.Contains("'head.bias' has shape [2, 3], expected a vector"));
        Assert.That(() => new WeightArray(new float[5], 2, 3), Throws.ArgumentException.With.Message.Contains("holds 6 values but 5 were given"));
    }
}
