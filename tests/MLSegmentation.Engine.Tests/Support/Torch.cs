namespace MLSegmentation.Engine.Tests.Support;

/// <summary>Loads TorchSharp once, with a message that names the Debian 12 loader fix when it fails.</summary>
public static class TorchLoad
{
    private static readonly Lazy<Exception?> Failure = new(() =>
    {
        try
        {
            TorchSharp.torch.InitializeDeviceType(TorchSharp.DeviceType.CPU);
            using var t = TorchSharp.torch.ones(2, 2);
            _ = t.sum().item<float>();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    });

    /// <summary>Fails the calling test with a clear message if libtorch / libLibTorchSharp.so did not load.</summary>
    public static void Ensure()
    {
        if (Failure.Value is { } e)
        {
            Assert.Fail(
                "TorchSharp did not load: " + e.GetType().Name + ": " + e.Message + (e.InnerException is null ? "" : " (" + e.InnerException.Message + ")") +
                "\nOn Debian 12 / Ubuntu 22.04 libLibTorchSharp.so 0.107 needs GLIBCXX_3.4.32, which the system libstdc++ lacks: " +
                "the build step build/TorchSharpLoaderFix.targets (MLSegTorchSharpLoaderFix, on by default for projects with " +
                "<MLSegNativeTorch>true</MLSegNativeTorch>) marks that requirement WEAK in the build output's copy. " +
                "Check that it ran (rebuild without -p:MLSegTorchSharpLoaderFix=false) and that the output holds TorchSharp-cpu's native libraries.");
        }
    }
}
