// CA1861: the literal arrays are expected values of one-shot test assertions, not hot-path arguments.
#pragma warning disable CA1861

using Ort = Microsoft.ML.OnnxRuntime;

namespace MLSegmentation.Onnx.Tests;

public class ParityTests
{
    internal sealed record ConvOutputs(float[] Probabilities, long[] ProbabilityShape, long[] Labels, long[] LabelShape);

    internal static ConvOutputs RunConv(InferenceSession session, TestModels.ConvCase c)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(TestModels.ReadFloats(c.Input), TestModels.Longs(c.Shape));
        using var outputs = session.Run(["image"], [input], ["probabilities", "labels"]);
        var p = outputs[0].GetTensorTypeAndShape();
        var l = outputs[1].GetTensorTypeAndShape();
        Assert.That(p.ElementDataType, Is.EqualTo(Ort.Tensors.TensorElementType.Float));
        Assert.That(l.ElementDataType, Is.EqualTo(Ort.Tensors.TensorElementType.Int64));
        return new ConvOutputs(outputs[0].GetTensorDataAsSpan<float>().ToArray(), [.. p.Shape],
            outputs[1].GetTensorDataAsSpan<long>().ToArray(), [.. l.Shape]);
    }

    internal static double MaxAbsDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.That(a.Length, Is.EqualTo(b.Length), "length");
        double max = 0;
        for (var i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs((double)a[i] - b[i]));
        }
        return max;
    }

    private static IEnumerable<int> CaseIndices() => [0, 1, 2];

    [TestCaseSource(nameof(CaseIndices))]
    public void OrtMatchesPyTorch(int index)
    {
        var c = TestModels.ConvCases()[index];
        using var session = new InferenceSession(TestModels.Conv);
        var outputs = RunConv(session, c);
        Assert.That(outputs.ProbabilityShape, Is.EqualTo(TestModels.Longs(c.OutputShape)));
        Assert.That(outputs.LabelShape, Is.EqualTo(TestModels.Longs(c.LabelShape)));
        var expected = TestModels.ReadFloats(c.Probabilities);
        Assert.That(expected.Max(), Is.GreaterThan(0.6f), "the reference must not be trivial");
        Assert.That(MaxAbsDiff(outputs.Probabilities, expected), Is.LessThanOrEqualTo(1e-5));
        Assert.That(outputs.Labels, Is.EqualTo(TestModels.ReadLongs(c.Labels)));
    }

    [Test]
    public void CasesCoverBatchOneAndSevenAndOddSizes()
    {
        var shapes = TestModels.ConvCases().Select(c => c.Shape).ToList();
        Assert.That(shapes.Select(s => s[0]), Does.Contain(1).And.Contain(7));
        Assert.That(shapes.All(s => s[2] % 2 == 1 && s[3] % 2 == 1), Is.True);
    }

    [Test]
    public void SessionFromBytesMatchesPyTorch()
    {
        var c = TestModels.ConvCases()[1];
        using var session = new InferenceSession(File.ReadAllBytes(TestModels.Conv));
        Assert.That(MaxAbsDiff(RunConv(session, c).Probabilities, TestModels.ReadFloats(c.Probabilities)), Is.LessThanOrEqualTo(1e-5));
    }
}
