namespace MLSegmentation.Onnx.Tests;

public class ErrorTests
{
    private static InferenceSession s_session = null!;
    private static string s_folder = null!;

    [OneTimeSetUp]
    public void Open()
    {
        s_session = new InferenceSession(TestModels.Conv);
        s_folder = Path.Combine(TestModels.Folder, "bad");
        Directory.CreateDirectory(s_folder);
    }

    [OneTimeTearDown]
    public void Close() => s_session.Dispose();

    [Test]
    public void WrongInputNameNamesTheInputAndTheModel()
    {
        using var input = OrtValue.CreateTensorValueFromMemory(new float[3 * 5 * 5], [1, 3, 5, 5]);
        var e = Assert.Throws<OrtException>(() => s_session.Run(["img"], [input], ["probabilities"]))!;
        Assert.That(e.ErrorCode, Is.EqualTo(OrtErrorCode.InvalidArgument));
        Assert.That(e.Message, Does.Contain("'img'").And.Contain("image").And.Contain(TestModels.Conv));
        var o = Assert.Throws<OrtException>(() => s_session.Run(["image"], [input], ["probs"]))!;
        Assert.That(o.Message, Does.Contain("'probs'").And.Contain("probabilities"));
    }

    [Test]
    public void MissingInputIsAnOrtError()
    {
        var e = Assert.Throws<OrtException>(() => s_session.Run([], [], ["probabilities"]))!;
        Assert.That(e.ErrorCode, Is.EqualTo(OrtErrorCode.InvalidArgument));
        Assert.That(e.Message, Does.Contain(TestModels.Conv).And.Contain("missing input(s) image"));
    }

    [Test]
    public void MissingOneOfSeveralInputsAndDuplicatesAreErrors()
    {
        using var session = new InferenceSession(TestModels.Types);
        using var x = OrtValue.CreateTensorValueFromMemory(new float[3], [1, 3]);
        var e = Assert.Throws<OrtException>(() => session.Run(["x_float"], [x], ["y_float"]))!;
        Assert.That(e.Message, Does.Contain("x_double, x_int64, x_int32, x_uint8, x_bool"));
        var d = Assert.Throws<OrtException>(() => session.Run(["x_float", "x_float"], [x, x], ["y_float"]))!;
        Assert.That(d.Message, Does.Contain("more than once"));
    }

    [Test]
    public void WrongRankIsAnOrtError()
    {
        using var input = OrtValue.CreateTensorValueFromMemory(new float[3 * 5 * 5], [3, 5, 5]);
        var e = Assert.Throws<OrtException>(() => s_session.Run(["image"], [input], ["probabilities"]))!;
        Assert.That(e.ErrorCode, Is.EqualTo(OrtErrorCode.InvalidArgument));
        Assert.That(e.Message, Does.Contain(TestModels.Conv).And.Contain("rank").IgnoreCase);
    }

    [Test]
    public void WrongElementTypeIsAnOrtError()
    {
        using var input = OrtValue.CreateTensorValueFromMemory(new double[3 * 5 * 5], [1, 3, 5, 5]);
        var e = Assert.Throws<OrtException>(() => s_session.Run(["image"], [input], ["probabilities"]))!;
        Assert.That(e.ErrorCode, Is.EqualTo(OrtErrorCode.InvalidArgument));
        Assert.That(e.Message, Does.Contain("type").IgnoreCase.And.Contain("double").IgnoreCase);
    }

    [Test]
    public void WrongChannelCountIsAnOrtError()
    {
        using var input = OrtValue.CreateTensorValueFromMemory(new float[4 * 5 * 5], [1, 4, 5, 5]);
        var e = Assert.Throws<OrtException>(() => s_session.Run(["image"], [input], ["probabilities"]))!;
        Assert.That(e.Message, Does.Contain(TestModels.Conv).And.Contain("Got: 4").IgnoreCase);
    }

    [Test]
    public void MissingModelIsFileNotFoundNamingThePath()
    {
        var path = Path.Combine(s_folder, "does-not-exist.onnx");
        var e = Assert.Throws<FileNotFoundException>(() => new InferenceSession(path).Dispose())!;
        Assert.That(e.FileName, Is.EqualTo(path));
        Assert.That(e.Message, Does.Contain(path));
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(10)]
    [TestCase(100)]
    [TestCase(-1)]
    [TestCase(-400)]
    public void TruncatedModelIsAnOrtErrorNamingTheFile(int keep)
    {
        var bytes = File.ReadAllBytes(TestModels.Conv);
        var length = keep >= 0 ? keep : bytes.Length + keep;
        var path = Path.Combine(s_folder, $"truncated-{length}.onnx");
        File.WriteAllBytes(path, bytes[..length]);
        var e = Assert.Throws<OrtException>(() => new InferenceSession(path).Dispose())!;
        Assert.That(e.Message, Does.Contain(path).And.Contain("Failed to load ONNX model"));
        Assert.That(e.Message.Length, Is.GreaterThan(path.Length + 30), "ORT's own reason follows the file name");
    }

    [Test]
    public void TextFileIsAnOrtErrorNamingTheFile()
    {
        var path = Path.Combine(s_folder, "readme.onnx");
        File.WriteAllText(path, "This is not an ONNX model, just some text.\nSecond line.\n");
        var e = Assert.Throws<OrtException>(() => new InferenceSession(path).Dispose())!;
        Assert.That(e.ErrorCode, Is.EqualTo(OrtErrorCode.InvalidProtobuf).Or.EqualTo(OrtErrorCode.InvalidGraph).Or.EqualTo(OrtErrorCode.Fail));
        Assert.That(e.Message, Does.Contain(path));
    }

    [Test]
    public void GarbageBytesAreAnOrtError()
    {
        var e = Assert.Throws<OrtException>(() => new InferenceSession(new byte[] { 1, 2, 3, 4, 5 }).Dispose())!;
        Assert.That(e.Message, Does.Contain("5-byte"));
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
                using var session = new InferenceSession(path);
                loaded++;
                // A model that still loads must also run or fail cleanly.
                try
                {
                    if (session.InputNames.Count == 1 && session.InputMetadata[session.InputNames[0]].ElementDataType == TensorElementType.Float)
                    {
                        using var input = OrtValue.CreateTensorValueFromMemory(image, TestModels.Longs(c.Shape));
                        using var outputs = session.Run(session.InputNames, [input], session.OutputNames);
                    }
                }
                catch (OrtException)
                {
                }
            }
            catch (OrtException e)
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
