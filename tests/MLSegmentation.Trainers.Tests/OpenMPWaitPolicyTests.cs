using System.Runtime.InteropServices;
using MLSegmentation.Trainers.Engine;

namespace MLSegmentation.Trainers.Tests;

public class OpenMPWaitPolicyTests
{
    [Test]
    public void ThePassivePolicyIsInTheNativeEnvironmentBeforeLibtorchLoadsUnlessTheUserSetOne()
    {
        Assume.That(OperatingSystem.IsLinux(), Is.True);
        string? given = Environment.GetEnvironmentVariable(OpenMPWaitPolicy.Variable);
        string expected = string.IsNullOrWhiteSpace(given) ? OpenMPWaitPolicy.Default : given;
        Assert.That(Marshal.PtrToStringUTF8(GetEnv(OpenMPWaitPolicy.Variable)), Is.EqualTo(expected));
        Assert.That(OpenMPWaitPolicy.Status, Does.StartWith($"{OpenMPWaitPolicy.Variable}={expected}"));
    }

    [DllImport("libc", EntryPoint = "getenv", BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern IntPtr GetEnv(string name);
}
