
namespace MLSegmentation.Onnx.Tests;

/// <summary>
/// Device selection on a machine without CUDA (this one): the CPU package has no CUDA provider, so <c>cuda</c> must fail
/// with a clear exception and <c>auto</c> must fall back to the CPU and say so.
/// </summary>
public class ExecutionProviderTests
{
    [TestCase("cpu", OnnxDeviceKind.Cpu, 0)]
    [TestCase("CUDA", OnnxDeviceKind.Cuda, 0)]
    [TestCase("cuda:3", OnnxDeviceKind.Cuda, 3)]
    [TestCase(" auto ", OnnxDeviceKind.Auto, 0)]
    [TestCase("auto:1", OnnxDeviceKind.Auto, 1)]
    public void ParsesDevices(string text, OnnxDeviceKind kind, int id)
    {
        var device = OnnxDevice.Parse(text);
        Assert.That(device.Kind, Is.EqualTo(kind));
        Assert.That(device.DeviceId, Is.EqualTo(id));
        Assert.That(OnnxDevice.Parse(device.ToString()), Is.EqualTo(device));
    }

    [TestCase("gpu")]
    [TestCase("cuda:-1")]
    [TestCase("cuda:x")]
    [TestCase("cpu:0")]
    public void RejectsUnknownDevicesNamingThem(string text)
    {
        var e = Assert.Throws<FormatException>(() => OnnxDevice.Parse(text))!;
        Assert.That(e.Message, Does.Contain(text).And.Contain("cuda:N"));
    }

    [Test]
    public void CudaWithoutAProviderThrowsNamingTheDeviceAndTheFix()
    {
        var log = new List<string>();
        var e = Assert.Throws<InvalidOperationException>(() => OnnxSessions.Open(TestModels.Conv, OnnxDevice.Cuda(0), null, log.Add).Session.Dispose())!;
        Assert.That(e.Message, Does.Contain("cuda:0").And.Contain(TestModels.Conv).And.Contain("MLSegAccelerator=cuda"));
        Assert.That(log, Is.Empty, "no silent fallback when CUDA was asked for");
    }

    [Test]
    public void AutoFallsBackToTheCpuLogsWhyAndScoresCorrectly()
    {
        var log = new List<string>();
        var (session, device, reason) = OnnxSessions.Open(TestModels.Conv, OnnxDevice.AutoWith(1), null, log.Add);
        using (session)
        {
            Assert.That(device, Is.EqualTo(OnnxDevice.Cpu));
            Assert.That(reason, Does.Contain("CUDA device 1").And.Contain("on the CPU"));
            Assert.That(log, Is.EqualTo(new[] { reason }));
            var c = TestModels.ConvCases()[0];
            Assert.That(ParityTests.MaxAbsDiff(ParityTests.RunConv(session, c).Probabilities, TestModels.ReadFloats(c.Probabilities)), Is.LessThanOrEqualTo(1e-5));
        }
    }

    [Test]
    public void CpuNeedsNoFallback()
    {
        var log = new List<string>();
        var (session, device, reason) = OnnxSessions.Open(TestModels.Conv, OnnxDevice.Cpu, null, log.Add);
        session.Dispose();
        Assert.That(device, Is.EqualTo(OnnxDevice.Cpu));
        Assert.That(reason, Is.Null);
        Assert.That(log, Is.Empty);
    }

    [Test]
    public void TheRuntimeIsTheOfficialCpuPackage()
    {
        string version = OrtEnv.Instance().GetVersionString();
        Assert.That(version, Does.StartWith("1.31"));
        Assert.That(OrtEnv.Instance().GetAvailableProviders(), Does.Contain("CPUExecutionProvider").And.Not.Contain("CUDAExecutionProvider"));
    }
}
