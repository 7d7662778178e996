// CA1861: literal arrays are expected values of one-shot assertions.
#pragma warning disable CA1861

using MLSegmentation.Torch;
using MLSegmentation.Torch.Modules;

namespace MLSegmentation.Onnx.Tests;

/// <summary>A U-shaped module outside the default mapping (skip connection + concat), exported through a registered exporter.</summary>
internal sealed class TinyUNet : Module<Tensor, Tensor>
{
    public TinyUNet(long inChannels, long classes, bool is3d)
    {
        Is3d = is3d;
        Encoder = is3d
            ? new Sequential(new Conv3d(inChannels, 8, 3, padding: 1), new BatchNorm3d(8), new ReLU())
            : new Sequential(new Conv2d(inChannels, 8, 3, padding: 1), new BatchNorm2d(8), new ReLU());
        Bottom = is3d
            ? new Sequential(new MaxPool3d(2), new Conv3d(8, 16, 3, padding: 1), new GroupNorm(4, 16), new LeakyReLU(0.1), new ConvTranspose3d(16, 8, 2, stride: 2))
            : new Sequential(new MaxPool2d(2), new Conv2d(8, 16, 3, padding: 1), new GroupNorm(4, 16), new LeakyReLU(0.1), new ConvTranspose2d(16, 8, 2, stride: 2));
        Head = is3d ? new Conv3d(16, classes, 1) : new Conv2d(16, classes, 1);
        register_module("encoder", Encoder);
        register_module("bottom", Bottom);
        register_module("head", Head);
    }

    public bool Is3d { get; }
    public Sequential Encoder { get; }
    public Sequential Bottom { get; }
    public ConvolutionBase Head { get; }

    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var skip = Encoder.call(input);
        var up = Bottom.call(skip);
        var resized = torch.nn.functional.interpolate(up, size: skip.shape[2..]);
        var joined = torch.cat([skip, resized], 1);
        return Head.call(joined).MoveToOuterDisposeScope();
    }

    /// <summary>The exporter a Trainers-side U-Net would register the same way.</summary>
    public static string Export(OnnxExportContext context, TinyUNet net, string input)
    {
        var skip = context.Export(net.Encoder, input);
        var up = context.Export(net.Bottom, skip);
        var resized = OnnxOps.ResizeLike(context.Builder, up, skip);
        var joined = OnnxOps.Concat(context.Builder, [skip, resized]);
        return context.Export(net.Head, joined);
    }
}

/// <summary>Engine modules mapped to ONNX through the registry, compared with the modules' evaluation output.</summary>
public class ExportModuleTests
{
    private const long Classes = 4;

    /// <summary>Random parameters and running statistics (so folding and normalisation are exercised), then eval mode.</summary>
    internal static T Randomize<T>(T module, long seed) where T : Module
    {
        torch.manual_seed(seed);
        using (torch.no_grad())
        {
            foreach (var (name, p) in module.named_parameters())
            {
                // Kernels N(0, 1/fan-in) and normalisation scales near 1 keep activations O(1) through deep stacks
                // (eval-mode batch norm does not renormalise), so float32 rounding stays far below the tolerance.
                if (p.dim() >= 2) p.normal_(0, 1.2 / Math.Sqrt(p.numel() / p.size(0)));
                else if (name.EndsWith("weight", StringComparison.Ordinal)) p.uniform_(0.8, 1.5);
                else p.normal_(0, 0.3);
            }
            foreach (var (name, b) in module.named_buffers())
            {
                if (name.EndsWith("running_mean", StringComparison.Ordinal)) b.normal_(0, 0.3);
                else if (name.EndsWith("running_var", StringComparison.Ordinal)) b.uniform_(0.5, 1.5);
            }
        }
        module.eval();
        return module;
    }

    private static string ExportModule(Module<Tensor, Tensor> model, int d, long inChannels, OnnxModuleExporters? exporters = null)
    {
        var path = ExportTestKit.NewPath("module" + d + "d");
        var options = new SegmenterExportOptions
        {
            InputChannels = inChannels,
            SpatialDims = d,
            Metadata = new OnnxModelMetadata { ClassNames = ["background", "a", "b", "c"] },
        };
        SegmenterOnnxExporter.Export(model, path, options, exporters);
        ExportTestKit.AssertValid(path);
        return path;
    }

    [Test]
    public void Sequential2dWithEveryLayerType()
    {
        using var model = Randomize(new Sequential(
            new Conv2d(3, 8, 3, padding: 1), new BatchNorm2d(8), new ReLU(), new Sigmoid(),
            new MaxPool2d(2),
            new Conv2d(8, 8, 3, padding: 1, bias: false), new GroupNorm(4, 8), new LeakyReLU(0.1),
            new ConvTranspose2d(8, 8, 2, stride: 2), new InstanceNorm2d(8, affine: true), new ReLU(),
            new Dropout(0.3), new Identity(),
            new AvgPool2d(2), new Upsample(scale_factor: 2, mode: InterpolationMode.Linear),
            new Conv2d(8, Classes, 1)), 21);
        var path = ExportModule(model, 2, 3);
        var ops = ExportTestKit.Load(path).Graph.Node.Select(n => n.OpType).ToList();
        Assert.That(ops, Does.Not.Contain("BatchNormalization"), "batch norm is folded into the convolution before it");
        Assert.That(ops, Does.Contain("InstanceNormalization").And.Contain("Resize").And.Contain("AveragePool").And.Contain("ConvTranspose"));
        using var session = new InferenceSession(path);
        ExportParityTests.AssertSameAsEngine(session, model.forward, [1, 3, 12, 10], 1);
        ExportParityTests.AssertSameAsEngine(session, model.forward, [7, 3, 8, 16], 2);
    }

    [Test]
    public void Sequential3dWithFoldingIntoTransposedConvolutionAndTrackedInstanceNorm()
    {
        using var model = Randomize(new Sequential(
            new Conv3d(2, 8, 3, padding: 1), new BatchNorm3d(8), new ReLU(),
            new MaxPool3d(2),
            new ConvTranspose3d(8, 8, 2, stride: 2), new BatchNorm3d(8), new LeakyReLU(0.05),
            new InstanceNorm3d(8, affine: true, track_running_stats: true), new AvgPool3d(3, stride: 1, padding: 1),
            new Conv3d(8, Classes, 1)), 22);
        var path = ExportModule(model, 3, 2);
        var ops = ExportTestKit.Load(path).Graph.Node.Select(n => n.OpType).ToList();
        Assert.That(ops.Count(o => o == "BatchNormalization"), Is.EqualTo(1), "only the tracked instance norm (eval: running statistics) stays a normalisation node");
        using var session = new InferenceSession(path);
        ExportParityTests.AssertSameAsEngine(session, model.forward, [1, 2, 6, 4, 8], 3);
        ExportParityTests.AssertSameAsEngine(session, model.forward, [7, 2, 4, 6, 4], 4);
    }

    [TestCase(false, 1)]
    [TestCase(false, 7)]
    [TestCase(true, 1)]
    [TestCase(true, 7)]
    public void CustomModuleThroughRegisteredExporterAtOddSizes(bool is3d, int batch)
    {
        using var net = Randomize(new TinyUNet(3, Classes, is3d), is3d ? 31 : 32);
        var exporters = OnnxModuleExporters.CreateDefault().Register<TinyUNet>(TinyUNet.Export);
        var path = ExportModule(net, is3d ? 3 : 2, 3, exporters);
        Assert.That(ExportTestKit.Load(path).Graph.Node.Count(n => n.OpType == "BatchNormalization"), Is.Zero);
        using var session = new InferenceSession(path);
        for (var variant = 0; variant < 2; variant++)
        {
            ExportParityTests.AssertSameAsEngine(session, net.forward, ExportParityTests.Shape(batch, 3, is3d ? 3 : 2, variant), variant);
        }
    }

    [Test]
    public void UnmappedModulesAndUnfoldableNormsFailClearly()
    {
        using var net = new TinyUNet(3, Classes, false);
        net.eval();
        Assert.That(() => ExportModule(net, 2, 3), Throws.InstanceOf<NotSupportedException>().With.Message.Contains(nameof(TinyUNet)));
        Assert.That(() => OnnxModuleExporters.Default.Register<TinyUNet>(TinyUNet.Export), Throws.InvalidOperationException);
        Assert.That(OnnxModuleExporters.Default.CanExport(net), Is.False);
        using var untracked = new Sequential(new Conv2d(3, 4, 1), new ReLU(), new BatchNorm2d(4, track_running_stats: false));
        untracked.eval();
        Assert.That(() => ExportModule(untracked, 2, 3), Throws.InstanceOf<NotSupportedException>().With.Message.Contains("running statistics"));
    }
}
