// CA1861: literal arrays are expected values of one-shot assertions.
#pragma warning disable CA1861

using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MLSegmentation.Onnx.Tests;

/// <summary>CoLab models: K context channels merged into background inside the graph; outputs have C classes.</summary>
public class ExportCoLabTests
{
    private const long Classes = 3;
    private const long Context = 2;

    /// <summary>A model whose logits are its input (C + K channels), so every pixel's logits are chosen by the test.</summary>
    private static string ExportIdentityNet(ContextMergeRule rule)
    {
        var path = ExportTestKit.NewPath("colab-" + rule);
        var options = new SegmenterExportOptions
        {
            InputChannels = Classes + Context,
            ContextChannels = Context,
            ContextMergeRule = rule,
            Metadata = new OnnxModelMetadata { ClassNames = ["background", "liver", "tumour"], Method = "colab" },
        };
        SegmenterOnnxExporter.Export(path, options, (_, image) => image);
        ExportTestKit.AssertValid(path);
        return path;
    }

    /// <summary>Merged scores under <paramref name="rule"/> and both label rules computed by hand from the engine's softmax.</summary>
    private static (float[] Merged, long[] ArgMaxThenMap, long[] MergeThenArgMax, long ContextWins) Reference(float[] p, long n, long plane, ContextMergeRule rule)
    {
        long all = Classes + Context;
        var merged = new float[n * Classes * plane];
        var mapped = new long[n * plane];
        var mergedLabels = new long[n * plane];
        long contextWins = 0;
        for (long b = 0; b < n; b++)
        {
            for (long i = 0; i < plane; i++)
            {
                float P(long c) => p[(b * all + c) * plane + i];
                float bg = P(0), largest = P(0);
                for (long c = Classes; c < all; c++)
                {
                    bg += P(c);
                    largest = Math.Max(largest, P(c));
                }
                merged[(b * Classes) * plane + i] = rule == ContextMergeRule.MergeThenArgMax ? bg : largest;
                for (long c = 1; c < Classes; c++) merged[(b * Classes + c) * plane + i] = P(c);
                long raw = 0;
                for (long c = 1; c < all; c++) if (P(c) > P(raw)) raw = c;
                if (raw >= Classes) contextWins++;
                mapped[b * plane + i] = raw >= Classes ? 0 : raw;
                long best = 0;
                for (long c = 1; c < Classes; c++) if (P(c) > (best == 0 ? bg : P(best))) best = c;
                mergedLabels[b * plane + i] = best;
            }
        }
        return (merged, mapped, mergedLabels, contextWins);
    }

    [TestCase(ContextMergeRule.ArgMaxThenMap)]
    [TestCase(ContextMergeRule.MergeThenArgMax)]
    public void ContextChannelsMergeIntoBackground(ContextMergeRule rule)
    {
        var path = ExportIdentityNet(rule);
        using var session = new InferenceSession(path);
        Assert.That(session.OutputMetadata["probabilities"].Dimensions[1], Is.EqualTo(Classes), "the exported contract has C classes");
        long[] shape = [7, Classes + Context, 9, 5];
        using var logits = ExportParityTests.RandomInput(shape, 42);
        using var scaled = logits.mul(3.0);
        using var softmax = F.softmax(scaled, 1);
        var (merged, mapped, mergedLabels, contextWins) = Reference(softmax.data<float>().ToArray(), shape[0], shape[2] * shape[3], rule);
        Assert.That(mapped.Zip(mergedLabels).Count(p => p.First != p.Second), Is.GreaterThan(0), "the rules must differ somewhere, or the test cannot tell them apart");
        Assert.That(contextWins, Is.GreaterThan(20), "context channels must win somewhere, or the test proves nothing");
        var outputs = ExportTestKit.Run(session, "image", scaled.data<float>().ToArray(), shape, "probabilities", "labels");
        Assert.That(outputs[0].Shape, Is.EqualTo(new long[] { 7, Classes, 9, 5 }));
        Assert.That(outputs[1].Shape, Is.EqualTo(new long[] { 7, 9, 5 }));
        Assert.That(ExportTestKit.MaxAbsDiff(outputs[0].Floats!, merged), Is.LessThanOrEqualTo(1e-5));
        var expected = rule == ContextMergeRule.ArgMaxThenMap ? mapped : mergedLabels;
        Assert.That(ExportTestKit.LabelMismatches(outputs[1].Longs!, expected, merged, outputs[0].Shape), Is.Zero);
        Assert.That(outputs[1].Longs!.All(l => l is >= 0 and < Classes), Is.True, "every label is one of the C classes");
    }

    [Test]
    public void EveryContextChannelMapsToBackground()
    {
        // One pixel per context channel, where that channel alone dominates.
        var maps = new[] { ExportIdentityNet(ContextMergeRule.ArgMaxThenMap), ExportIdentityNet(ContextMergeRule.MergeThenArgMax) };
        long all = Classes + Context;
        var input = new float[all * all];
        for (long pixel = 0; pixel < all; pixel++) input[pixel * all + pixel] = 10f; // layout [1, all, 1, all]: channel c, pixel x at c*all + x
        foreach (var path in maps)
        {
            using var session = new InferenceSession(path);
            var outputs = ExportTestKit.Run(session, "image", input, [1, all, 1, all], "probabilities", "labels");
            Assert.That(outputs[1].Longs, Is.EqualTo(new long[] { 0, 1, 2, 0, 0 }), path);
            var p = outputs[0].Floats!;
            for (long x = Classes; x < all; x++) Assert.That(p[x], Is.GreaterThan(0.99f), "context mass lands in background");
        }
    }

    [Test]
    public void RulesDifferWhereBackgroundAndContextTogetherOutweighTheRoi()
    {
        // p = [0.3, 0.4, 0.0, 0.3, 0.0]: the ROI is the largest single channel; background + context = 0.6.
        float[] probabilities = [0.3f, 0.4f, 1e-9f, 0.3f, 1e-9f];
        var input = probabilities.Select(v => MathF.Log(v)).ToArray();
        using var a = new InferenceSession(ExportIdentityNet(ContextMergeRule.ArgMaxThenMap));
        using var b = new InferenceSession(ExportIdentityNet(ContextMergeRule.MergeThenArgMax));
        Assert.That(ExportTestKit.Run(a, "image", input, [1, 5, 1, 1], "labels")[0].Longs, Is.EqualTo(new long[] { 1 }));
        Assert.That(ExportTestKit.Run(b, "image", input, [1, 5, 1, 1], "labels")[0].Longs, Is.EqualTo(new long[] { 0 }));
    }
}
