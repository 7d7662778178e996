// CA1861: the literal arrays are expected values of one-shot test assertions, not hot-path arguments.
#pragma warning disable CA1861

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
        Assert.That(p.ElementDataType, Is.EqualTo(TensorElementType.Float));
        Assert.That(l.ElementDataType, Is.EqualTo(TensorElementType.Int64));
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
    public void NamedOnnxValueRunReturnsNamedOwnedOutputs()
    {
        var c = TestModels.ConvCases()[1];
        using var session = new InferenceSession(TestModels.Conv);
        using var input = NamedOnnxValue.CreateFromTensor("image", TestModels.ReadFloats(c.Input), TestModels.Longs(c.Shape));
        using var outputs = session.Run([input]);
        Assert.That(outputs.Select(o => o.Name), Is.EqualTo(new[] { "probabilities", "labels" }));
        Assert.That(MaxAbsDiff(outputs[0].Value.GetTensorDataAsSpan<float>(), TestModels.ReadFloats(c.Probabilities)), Is.LessThanOrEqualTo(1e-5));
        using var onlyLabels = session.Run([input], ["labels"]);
        Assert.That(onlyLabels.Single().Value.GetTensorDataAsSpan<long>().ToArray(), Is.EqualTo(TestModels.ReadLongs(c.Labels)));
    }

    [Test]
    public void SessionFromBytesMatchesPyTorch()
    {
        var c = TestModels.ConvCases()[1];
        using var session = new InferenceSession(File.ReadAllBytes(TestModels.Conv));
        Assert.That(MaxAbsDiff(RunConv(session, c).Probabilities, TestModels.ReadFloats(c.Probabilities)), Is.LessThanOrEqualTo(1e-5));
    }

    [Test]
    public void PreAllocatedOutputsAreWrittenInPlaceAndReused()
    {
        using var session = new InferenceSession(TestModels.Conv);
        var cases = TestModels.ConvCases();
        // Two cases of the same shape are made by reusing case 1's shape with case 1's input and a scaled copy.
        var c = cases[1];
        var image = TestModels.ReadFloats(c.Input);
        var probabilities = new float[c.OutputShape.Aggregate(1, (a, b) => a * b)];
        var labels = new long[c.LabelShape.Aggregate(1, (a, b) => a * b)];
        using var input = OrtValue.CreateTensorValueFromMemory(image, TestModels.Longs(c.Shape));
        using var pOut = OrtValue.CreateTensorValueFromMemory(probabilities, TestModels.Longs(c.OutputShape));
        using var lOut = OrtValue.CreateTensorValueFromMemory(labels, TestModels.Longs(c.LabelShape));
        session.Run(["image"], [input], ["probabilities", "labels"], [pOut, lOut]);
        Assert.That(MaxAbsDiff(probabilities, TestModels.ReadFloats(c.Probabilities)), Is.LessThanOrEqualTo(1e-5));
        Assert.That(labels, Is.EqualTo(TestModels.ReadLongs(c.Labels)));

        // Reuse the same buffers for a second batch: the arrays now hold the new results.
        for (var i = 0; i < image.Length; i++)
        {
            image[i] = -image[i];
        }
        using var expected = session.Run(["image"], [input], ["probabilities"]);
        session.Run(["image"], [input], ["probabilities", "labels"], [pOut, lOut]);
        Assert.That(MaxAbsDiff(probabilities, expected[0].GetTensorDataAsSpan<float>()), Is.Zero);
        Assert.That(MaxAbsDiff(probabilities, TestModels.ReadFloats(c.Probabilities)), Is.GreaterThan(1e-3));

        // ORT-allocated pre-bound outputs work too.
        using var allocated = OrtValue.CreateAllocatedTensorValue(TensorElementType.Float, TestModels.Longs(c.OutputShape));
        session.Run(["image"], [input], ["probabilities"], [allocated]);
        Assert.That(MaxAbsDiff(allocated.GetTensorDataAsSpan<float>(), probabilities), Is.Zero);
    }

    [Test]
    public void PreBoundRunAllocatesNoManagedMemory()
    {
        using var session = new InferenceSession(TestModels.Conv);
        var c = TestModels.ConvCases()[1];
        using var input = OrtValue.CreateTensorValueFromMemory(TestModels.ReadFloats(c.Input), TestModels.Longs(c.Shape));
        using var pOut = OrtValue.CreateAllocatedTensorValue(TensorElementType.Float, TestModels.Longs(c.OutputShape));
        using var lOut = OrtValue.CreateAllocatedTensorValue(TensorElementType.Int64, TestModels.Longs(c.LabelShape));
        string[] inputNames = ["image"], outputNames = ["probabilities", "labels"];
        OrtValue[] inputs = [input], outputs = [pOut, lOut];
        session.Run(inputNames, inputs, outputNames, outputs);
        long Measure(int runs, bool read)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < runs; i++)
            {
                if (read) { _ = pOut.GetTensorDataAsSpan<float>()[0]; } else { session.Run(inputNames, inputs, outputNames, outputs); }
            }
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Assert.That(Measure(20, false), Is.Zero, "pre-bound Run");
        Assert.That(Measure(20, true), Is.Zero, "GetTensorDataAsSpan");
        Assert.That(MaxAbsDiff(pOut.GetTensorDataAsSpan<float>(), TestModels.ReadFloats(c.Probabilities)), Is.LessThanOrEqualTo(1e-5));
    }

    [Test]
    public void PreAllocatedOutputOfWrongShapeIsAnError()
    {
        using var session = new InferenceSession(TestModels.Conv);
        var c = TestModels.ConvCases()[1];
        using var input = OrtValue.CreateTensorValueFromMemory(TestModels.ReadFloats(c.Input), TestModels.Longs(c.Shape));
        using var wrong = OrtValue.CreateTensorValueFromMemory(new float[10], [10]);
        var e = Assert.Throws<OrtException>(() => session.Run(["image"], [input], ["probabilities"], [wrong]))!;
        Assert.That(e.Message, Does.Contain(TestModels.Conv));
    }
}
