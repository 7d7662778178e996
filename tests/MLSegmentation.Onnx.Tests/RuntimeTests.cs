namespace MLSegmentation.Onnx.Tests;

public class RuntimeTests
{
    [Test]
    public void LoadsOnnxRuntime130AndChecksItsVersion()
    {
        var env = OrtEnvironment.Instance;
        Assert.That(env.Version, Does.StartWith("1.30"));
        Assert.That(env.LibraryPath, Does.EndWith("libonnxruntime.so.1"));
        Assert.That(File.Exists(env.LibraryPath), Is.True);
        Assert.That(Path.GetDirectoryName(env.LibraryPath), Is.EqualTo(Path.GetDirectoryName(typeof(OrtEnvironment).Assembly.Location)));
        Assert.That(ReferenceEquals(env, OrtEnvironment.Instance), Is.True);
        Assert.That(env.GetAvailableProviders(), Does.Contain("CPUExecutionProvider"));
    }

    [Test]
    public void MissingLibraryNamesThePath()
    {
        var path = Path.Combine(TestModels.Folder, "nowhere", "libonnxruntime.so.1");
        var e = Assert.Throws<DllNotFoundException>(() => NativeMethods.LoadFrom(path))!;
        Assert.That(e.Message, Does.Contain(path).And.Contain("install-onnxruntime.sh"));
    }

    [Test]
    public void ALibraryThatIsNotOnnxRuntimeIsRejected()
    {
        string[] candidates = ["/lib/x86_64-linux-gnu/libz.so.1", "/usr/lib/x86_64-linux-gnu/libz.so.1"];
        var libz = candidates.FirstOrDefault(File.Exists);
        Assume.That(libz, Is.Not.Null, "libz not found");
        var e = Assert.Throws<InvalidOperationException>(() => NativeMethods.LoadFrom(libz!))!;
        Assert.That(e.Message, Does.Contain(libz).And.Contain("OrtGetApiBase"));
    }

    [TestCase("1.29.0", false)]
    [TestCase("1.3.0", false)]
    [TestCase("1.300.0", false)]
    [TestCase("1.30.0", true)]
    [TestCase("1.30.1", true)]
    public void VersionCheckAcceptsOnly130(string version, bool accepted)
    {
        if (accepted)
        {
            Assert.DoesNotThrow(() => NativeMethods.CheckVersion(version, "lib"));
        }
        else
        {
            var e = Assert.Throws<InvalidOperationException>(() => NativeMethods.CheckVersion(version, "/x/lib.so"))!;
            Assert.That(e.Message, Does.Contain(version).And.Contain("/x/lib.so").And.Contain("1.30"));
        }
    }

    [Test]
    public void LoadingTheRealLibraryAgainGivesTheSameVersion()
    {
        var again = NativeMethods.LoadFrom(OrtEnvironment.Instance.LibraryPath);
        Assert.That(again.VersionString, Is.EqualTo(OrtEnvironment.Instance.Version));
    }

    [TestCase(OrtErrorCode.InvalidArgument, "bad argument")]
    [TestCase(OrtErrorCode.NoSuchFile, "no file: Zürich")]
    [TestCase(OrtErrorCode.RuntimeException, "kernel failed")]
    public unsafe void StatusRoundTripsCodeAndMessageThroughTheTable(OrtErrorCode code, string message)
    {
        // Exercises CreateStatus (0), GetErrorCode (1), GetErrorMessage (2) and ReleaseStatus (93).
        var api = NativeMethods.Api;
        IntPtr status;
        fixed (byte* text = OrtEnvironment.Utf8z(message))
        {
            status = api.CreateStatus(code, text);
        }
        Assert.That(status, Is.Not.EqualTo(IntPtr.Zero));
        var e = Assert.Throws<OrtException>(() => NativeMethods.Check(status, "context"))!;
        Assert.That(e.ErrorCode, Is.EqualTo(code));
        Assert.That(e.Message, Is.EqualTo("context: " + message));
    }

    [Test]
    public void CheckIgnoresSuccess() => Assert.DoesNotThrow(() => NativeMethods.Check(IntPtr.Zero));

    [Test]
    public void SessionOptionsSettingsApplyAndValidate()
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            GraphOptimizationLevel = GraphOptimizationLevel.EnableBasic,
            ExecutionMode = ExecutionMode.Parallel,
            EnableMemoryPattern = false,
            EnableCpuMemArena = false,
            LogSeverityLevel = OrtLoggingLevel.Error,
        };
        Assert.That(options.IntraOpNumThreads, Is.EqualTo(1));
        Assert.That(options.GraphOptimizationLevel, Is.EqualTo(GraphOptimizationLevel.EnableBasic));
        Assert.Throws<ArgumentOutOfRangeException>(() => options.IntraOpNumThreads = -1);
        using var session = new InferenceSession(TestModels.Conv, options);
        var c = TestModels.ConvCases()[0];
        var outputs = ParityTests.RunConv(session, c);
        Assert.That(ParityTests.MaxAbsDiff(outputs.Probabilities, TestModels.ReadFloats(c.Probabilities)), Is.LessThanOrEqualTo(1e-5));
        options.Dispose();
        Assert.Throws<ObjectDisposedException>(() => options.IntraOpNumThreads = 2);
    }

    [Test]
    public void RunOptionsTerminateStopsRuns()
    {
        using var session = new InferenceSession(TestModels.Conv);
        using var runOptions = new RunOptions { LogId = "terminate-test", LogSeverityLevel = OrtLoggingLevel.Error };
        var c = TestModels.ConvCases()[0];
        using var input = OrtValue.CreateTensorValueFromMemory(TestModels.ReadFloats(c.Input), TestModels.Longs(c.Shape));
        runOptions.Terminate = true;
        var e = Assert.Throws<OrtException>(() => session.Run(["image"], [input], ["probabilities"], runOptions).Dispose())!;
        Assert.That(e.Message, Does.Contain(TestModels.Conv));
        runOptions.Terminate = false;
        using var outputs = session.Run(["image"], [input], ["probabilities"], runOptions);
        Assert.That(outputs, Has.Count.EqualTo(1));
    }

    [Test]
    public void DisposedSessionAndValueThrowObjectDisposed()
    {
        var session = new InferenceSession(TestModels.Conv);
        var c = TestModels.ConvCases()[0];
        var input = OrtValue.CreateTensorValueFromMemory(TestModels.ReadFloats(c.Input), TestModels.Longs(c.Shape));
        session.Dispose();
        session.Dispose();
        Assert.Throws<ObjectDisposedException>(() => session.Run(["image"], [input], ["probabilities"]));
        input.Dispose();
        Assert.That(input.IsDisposed, Is.True);
        Assert.Throws<ObjectDisposedException>(() => input.GetTensorTypeAndShape());
    }
}
