namespace MLSegmentation.Onnx.Tests;

public class ConcurrencyTests
{
    [Test]
    public void EightThreadsGiveTheSequentialOutputs()
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(TestModels.Conv, options);
        var cases = TestModels.ConvCases();
        // Distinct inputs per work item: case inputs scaled by (1 + k/10).
        var work = Enumerable.Range(0, 48).Select(k =>
        {
            var c = cases[k % cases.Count];
            var scale = 1 + k / 10f;
            return (Shape: TestModels.Longs(c.Shape), Data: TestModels.ReadFloats(c.Input).Select(x => x * scale).ToArray());
        }).ToArray();

        float[] RunOne(int k)
        {
            using var input = OrtValue.CreateTensorValueFromMemory(work[k].Data, work[k].Shape);
            using var outputs = session.Run(["image"], [input], ["probabilities"]);
            return outputs[0].GetTensorDataAsSpan<float>().ToArray();
        }

        var sequential = work.Select((_, k) => RunOne(k)).ToArray();
        var concurrent = new float[work.Length][];
        using var start = new Barrier(8);
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var k = t; k < work.Length; k += 8)
            {
                concurrent[k] = RunOne(k);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        for (var k = 0; k < work.Length; k++)
        {
            Assert.That(concurrent[k], Is.EqualTo(sequential[k]), $"work item {k}");
        }
        // The items differ, so equality is not trivially satisfied.
        Assert.That(sequential[0], Is.Not.EqualTo(sequential[3]));
    }
}
