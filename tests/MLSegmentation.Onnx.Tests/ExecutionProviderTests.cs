namespace MLSegmentation.Onnx.Tests;

public class ExecutionProviderTests
{
    [Test]
    public void CudaIsReportedUnavailableNamingTheMissingLibrary()
    {
        var reason = SessionOptions.GetCudaUnavailableReason();
        Assert.That(reason, Is.Not.Null);
        Assert.That(reason, Does.Contain("CUDA is unavailable").And.Contain("libonnxruntime_providers_"));
        Assert.That(reason, Does.Contain(Path.GetDirectoryName(OrtEnvironment.Instance.LibraryPath)!));
    }

    [Test]
    public void AskingForCudaThrowsAClearException()
    {
        using var options = new SessionOptions { ExecutionProvider = ExecutionProvider.Cuda, CudaDeviceId = 0 };
        var e = Assert.Throws<InvalidOperationException>(() => new InferenceSession(TestModels.Conv, options).Dispose())!;
        Assert.That(e.Message, Does.Contain("CUDA is unavailable").And.Contain(".so"));
    }

    [Test]
    public void AppendExecutionProviderCudaThrowsAClearException()
    {
        using var options = new SessionOptions();
        var e = Assert.Throws<InvalidOperationException>(() => options.AppendExecutionProviderCuda(0))!;
        Assert.That(e.Message, Does.Contain("libonnxruntime_providers_"));
        Assert.Throws<ArgumentOutOfRangeException>(() => options.AppendExecutionProviderCuda(-1));
    }

    [Test]
    public void OrtItselfRejectsCudaOnTheCpuBuildWithoutCrashing()
    {
        // Bypasses the managed pre-check: ORT's provider bridge must fail with a status, not crash.
        using var options = new SessionOptions();
        var e = Assert.Throws<OrtException>(() => SessionOptions.AppendCudaUnchecked(options.Handle, 0))!;
        Assert.That(e.Message, Does.Contain("CUDA"));
        TestContext.Out.WriteLine(e.Message);
    }

    [TestCase(ExecutionProvider.Auto, false)]
    [TestCase(ExecutionProvider.Cuda, true)]
    public void FallbackRunsOnCpuAndSaysSo(ExecutionProvider provider, bool fallbackToCpu)
    {
        using var options = new SessionOptions { ExecutionProvider = provider, FallbackToCpu = fallbackToCpu, CudaDeviceId = 1 };
        using var session = new InferenceSession(TestModels.Conv, options);
        Assert.That(session.ExecutionProvider, Is.EqualTo(ExecutionProvider.Cpu));
        Assert.That(session.ExecutionProviderFallbackReason, Does.Contain("CUDA is unavailable").And.Contain("Falling back to the CPU"));
        var c = TestModels.ConvCases()[0];
        Assert.That(ParityTests.MaxAbsDiff(ParityTests.RunConv(session, c).Probabilities, TestModels.ReadFloats(c.Probabilities)), Is.LessThanOrEqualTo(1e-5));
    }

    [Test]
    public void CpuNeedsNoFallback()
    {
        using var options = new SessionOptions { ExecutionProvider = ExecutionProvider.Cpu };
        using var session = new InferenceSession(TestModels.Conv, options);
        Assert.That(session.ExecutionProvider, Is.EqualTo(ExecutionProvider.Cpu));
        Assert.That(session.ExecutionProviderFallbackReason, Is.Null);
    }
}
