// CA1861: literal arrays are expected values of one-shot assertions.
#pragma warning disable CA1861

using MLSegmentation.Networks;
using MLSegmentation.Torch;
using MLSegmentation.Trainers.Estimators;
using MLSegmentation.Trainers.Methods;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;
using F = MLSegmentation.Torch.torch.nn.functional;

namespace MLSegmentation.Onnx.Tests;

/// <summary>Binary (one-logit) MaskSup models export with the contract of every model: probabilities [N, 2, ...] = [1 − σ(z), σ(z)].</summary>
public class ExportBinaryMaskSupTests
{
    private static readonly string[] Classes = ["background", "lesion"];

    private static SegmenterExportOptions Options(int d, bool binary = true, string[]? classes = null) => new()
    {
        InputChannels = 1,
        SpatialDims = d,
        BinaryLogit = binary,
        Metadata = new OnnxModelMetadata { ClassNames = classes ?? Classes, Method = "masksup", TrainingSize = d == 2 ? [32, 32] : [8, 16, 16] },
    };

    [Test]
    public void TrainedBinaryMaskSupExportsWithTheEnginesSigmoid()
    {
        var data = InMemoryBatchSource.Synthetic(new SyntheticOptions { Height = 32, Width = 32, ClassCount = 2 }, dataSeed: 3, firstIndex: 0, count: 8, batchSize: 4, seed: 3);
        using var method = new MaskSupMethod(new MaskSupOptions { Mode = MaskSupMode.Binary });
        var network = new UNetOptions { Dimensions = 2, InputChannels = 1, Classes = 2, Depth = 2, BaseWidth = 4 };
        using UNet net = new SegmentationTrainer(method, network, new TrainerOptions { Steps = 3, LearningRate = 3e-3, ValidationEvery = 0 }).Fit(data).Network;
        net.eval();
        Assert.That(net.Options.Classes, Is.EqualTo(1), "one logit channel");

        var path = ExportTestKit.NewPath("masksup-binary");
        net.ExportToOnnx(path, Options(2));
        ExportTestKit.AssertValid(path);

        long[] shape = [7, 1, 32, 48];
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var x = ExportParityTests.RandomInput(shape, 11);
        var sigmoid = F.sigmoid(net.forward(x)).data<float>();
        var engine = F.softmax(method.Predict(net, x), 1);
        using var session = new InferenceSession(path);
        var outputs = ExportTestKit.Run(session, "image", x.data<float>(), shape, "probabilities", "labels");
        Assert.That(outputs[0].Shape, Is.EqualTo(new long[] { 7, 2, 32, 48 }));
        Assert.That(outputs[1].Shape, Is.EqualTo(new long[] { 7, 32, 48 }));
        var p = outputs[0].Floats!;
        var plane = 32 * 48;
        var foreground = new float[sigmoid.Length];
        var background = new float[sigmoid.Length];
        for (var n = 0; n < 7; n++)
        {
            Array.Copy(p, (2 * n + 1) * plane, foreground, n * plane, plane);
            Array.Copy(p, 2 * n * plane, background, n * plane, plane);
        }
        Assert.That(ExportTestKit.MaxAbsDiff(foreground, sigmoid), Is.LessThanOrEqualTo(1e-4), "class 1 = σ(z)");
        Assert.That(ExportTestKit.MaxAbsDiff(background, [.. sigmoid.Select(s => 1 - s)]), Is.LessThanOrEqualTo(1e-4), "class 0 = 1 − σ(z)");
        Assert.That(ExportTestKit.MaxAbsDiff(p, engine.data<float>()), Is.LessThanOrEqualTo(1e-4), "softmax of MaskSupMethod.Predict");
        var expectedLabels = engine.argmax(1).data<long>();
        Assert.That(ExportTestKit.LabelMismatches(outputs[1].Longs!, expectedLabels, p, outputs[0].Shape), Is.Zero);
        Assert.That(outputs[1].Longs!.Distinct().Count(), Is.EqualTo(2), "both classes occur, so the labels are a real check");
    }

    [Test]
    public void BinaryVolumeModelScoresThroughTheSegmenter()
    {
        torch.manual_seed(21);
        using var net = EngineReference.Randomize(new UNet(new UNetOptions { Dimensions = 3, InputChannels = 1, Classes = 1, Depth = 1, BaseWidth = 4 }), 22);
        net.eval();
        var path = ExportTestKit.NewPath("masksup-binary-3d");
        net.ExportToOnnx(path, Options(3));
        ExportTestKit.AssertValid(path);
        using var segmenter = new OnnxSegmenter(path, new OnnxSegmenterOptions { OutputProbabilities = true });
        Assert.That(segmenter.Model.ClassCount, Is.EqualTo(2));
        var random = new Random(4);
        var volume = new Image(1, [6, 10, 8], [.. Enumerable.Range(0, 480).Select(_ => (float)random.NextDouble() * 4 - 2)]);
        var result = segmenter.Score(volume);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var sigmoid = F.sigmoid(net.forward(torch.tensor(volume.Data, [1, 1, 6, 10, 8]))).data<float>();
        Assert.That(ExportTestKit.MaxAbsDiff(result.Probabilities!.Data.AsSpan(480, 480), sigmoid), Is.LessThanOrEqualTo(1e-4));
        for (var i = 0; i < 480; i++)
        {
            if (Math.Abs(sigmoid[i] - 0.5f) > 1e-4f) Assert.That(result.Labels.Data[i], Is.EqualTo(sigmoid[i] > 0.5f ? 1 : 0), $"voxel {i}");
        }
    }

    [Test]
    public void OneLogitNeedsExactlyTwoClassesWithoutContext()
    {
        using var net = new UNet(new UNetOptions { Dimensions = 2, InputChannels = 1, Classes = 1, Depth = 1, BaseWidth = 4 });
        net.eval();
        Assert.That(() => net.ToOnnxGraph(Options(2, classes: ["background", "a", "b"])),
            Throws.ArgumentException.With.Message.Contains("3 class name(s)"));
        Assert.That(() => net.ToOnnxGraph(Options(2) with { ContextChannels = 1 }),
            Throws.ArgumentException.With.Message.Contains("1 context channel(s)"));
    }
}
