
namespace MLSegmentation.Onnx.Tests;

/// <summary>Every failure of ONNX Runtime reaches the caller as a .NET exception that names the model file.</summary>
public class ErrorTests
{
    private static InferenceSession s_session = null!;
    private static string s_folder = null!;

    [OneTimeSetUp]
    public void Open()
    {
        s_session = OnnxSessions.Open(TestModels.Conv, OnnxDevice.Cpu, null, null).Session;
        s_folder = Path.Combine(TestModels.Folder, "bad");
        Directory.CreateDirectory(s_folder);
    }

    [OneTimeTearDown]
    public void Close() => s_session.Dispose();

    private static OnnxModelException RunFails(string[] inputNames, OrtValue[] inputs, string[] outputNames) =>
        Assert.Throws<OnnxModelException>(() => OnnxSessions.Run(s_session, TestModels.Conv, inputNames, inputs, outputNames).Dispose())!;

    [Test]
    public void WrongInputNameNamesTheInputAndTheModel()
    {
        using var input = OrtValue.CreateTensorValueFromMemory(new float[3 * 5 * 5], [1, 3, 5, 5]);
        var e = RunFails(["img"], [input], ["probabilities"]);
        Assert.That(e.ModelPath, Is.EqualTo(TestModels.Conv));
        Assert.That(e.Message, Does.Contain("img").And.Contain(TestModels.Conv));
        Assert.That(e.InnerException, Is.InstanceOf<OnnxRuntimeException>());
        var o = RunFails(["image"], [input], ["probs"]);
        Assert.That(o.Message, Does.Contain("probs"));
    }

    [Test]
    public void WrongRankNamesTheModel()
    {
        using var input = OrtValue.CreateTensorValueFromMemory(new float[3 * 5 * 5], [3, 5, 5]);
        var e = RunFails(["image"], [input], ["probabilities"]);
        Assert.That(e.Message, Does.Contain(TestModels.Conv).And.Contain("rank").IgnoreCase);
    }

    [Test]
    public void WrongElementTypeNamesTheModel()
    {
        using var input = OrtValue.CreateTensorValueFromMemory(new double[3 * 5 * 5], [1, 3, 5, 5]);
        var e = RunFails(["image"], [input], ["probabilities"]);
        Assert.That(e.Message, Does.Contain(TestModels.Conv).And.Contain("double").IgnoreCase);
    }

    [Test]
    public void WrongChannelCountNamesTheModel()
    {
        using var input = OrtValue.CreateTensorValueFromMemory(new float[4 * 5 * 5], [1, 4, 5, 5]);
        var e = RunFails(["image"], [input], ["probabilities"]);
        Assert.That(e.Message, Does.Contain(TestModels.Conv).And.Contain("Got: 4").IgnoreCase);
    }

    [Test]
    public void MissingModelIsFileNotFoundNamingThePath()
    {
        var path = Path.Combine(s_folder, "does-not-exist.onnx");
        var e = Assert.Throws<FileNotFoundException>(() => OnnxSessions.Open(path, OnnxDevice.Cpu, null, null).Session.Dispose())!;
        Assert.That(e.FileName, Is.EqualTo(path));
        Assert.That(e.Message, Does.Contain(path));
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(10)]
    [TestCase(100)]
    [TestCase(-1)]
    [TestCase(-400)]
    public void TruncatedModelNamesTheFile(int keep)
    {
        var bytes = File.ReadAllBytes(TestModels.Conv);
        var length = keep >= 0 ? keep : bytes.Length + keep;
        var path = Path.Combine(s_folder, $"truncated-{length}.onnx");
        File.WriteAllBytes(path, bytes[..length]);
        var e = Assert.Throws<OnnxModelException>(() => OnnxSessions.Open(path, OnnxDevice.Cpu, null, null).Session.Dispose())!;
        Assert.That(e.ModelPath, Is.EqualTo(path));
        Assert.That(e.Message, Does.Contain(path).And.Contain("cannot load"));
        Assert.That(e.InnerException, Is.InstanceOf<OnnxRuntimeException>());
    }

    [Test]
    public void TextFileNamesTheFile()
    {
        var path = Path.Combine(s_folder, "readme.onnx");
        File.WriteAllText(path, "This is not an ONNX model, just some text.\nSecond line.\n");
        var e = Assert.Throws<OnnxModelException>(() => OnnxSessions.Open(path, OnnxDevice.Cpu, null, null).Session.Dispose())!;
        Assert.That(e.Message, Does.Contain(path));
    }

    [Test]
    public void BitFlippedModelsNeverCrash()
    {
        var original = File.ReadAllBytes(TestModels.Conv);
        var c = TestModels.ConvCases()[0];
        var image = TestModels.ReadFloats(c.Input);
        var rng = new Random(20261122);
        int loaded = 0, rejected = 0;
        for (var trial = 0; trial < 60; trial++)
        {
            var bytes = (byte[])original.Clone();
            var flips = 1 + trial % 8;
            for (var f = 0; f < flips; f++)
            {
                var bit = rng.Next(bytes.Length * 8);
                bytes[bit / 8] ^= (byte)(1 << (bit % 8));
            }
            var path = Path.Combine(s_folder, $"flipped-{trial}.onnx");
            File.WriteAllBytes(path, bytes);
            try
            {
                using var session = OnnxSessions.Open(path, OnnxDevice.Cpu, null, null).Session;
                loaded++;
                // A model that still loads must also run or fail cleanly.
                try
                {
                    if (session.InputNames.Count == 1 && session.InputMetadata[session.InputNames[0]].ElementDataType == Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float)
                    {
                        using var input = OrtValue.CreateTensorValueFromMemory(image, TestModels.Longs(c.Shape));
                        using var outputs = OnnxSessions.Run(session, path, session.InputNames, [input], session.OutputNames);
                    }
                }
                catch (OnnxModelException e)
                {
                    Assert.That(e.Message, Does.Contain(path));
                }
            }
            catch (OnnxModelException e)
            {
                rejected++;
                Assert.That(e.Message, Does.Contain(path));
            }
        }
        TestContext.Out.WriteLine($"bit flips: {loaded} models still loaded, {rejected} rejected");
        Assert.That(loaded + rejected, Is.EqualTo(60));
        Assert.That(rejected, Is.GreaterThan(0), "some flips must break the model");
    }
}
