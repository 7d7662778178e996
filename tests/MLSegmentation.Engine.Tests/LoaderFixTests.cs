using System.Diagnostics;
using System.Text;

namespace MLSegmentation.Engine.Tests;

/// <summary>
/// build/TorchSharpLoaderFix.targets: where libstdc++ lacks GLIBCXX_3.4.32, the build output's copy of
/// libLibTorchSharp.so has that one version requirement marked WEAK, and the NuGet cache's copy is untouched.
/// </summary>
public class LoaderFixTests
{
    private const string Version = "GLIBCXX_3.4.32";

    private static string OutputLibrary => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    private static string CacheLibrary
    {
        get
        {
            string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            return Path.Combine(packages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        }
    }

    private static bool SystemHasVersion()
    {
        const string libstdcxx = "/usr/lib/x86_64-linux-gnu/libstdc++.so.6";
        Assume.That(File.Exists(libstdcxx), Is.True, "not a Debian-style x86-64 system");
        return File.ReadAllBytes(libstdcxx).AsSpan().IndexOf(Encoding.ASCII.GetBytes(Version + "\0")) >= 0;
    }

    /// <summary>The flags readelf prints for the version requirement (e.g. "none" or "WEAK").</summary>
    private static string RequirementFlags(string library)
    {
        var start = new ProcessStartInfo("readelf") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-V");
        start.ArgumentList.Add(library);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Ignore("readelf (binutils) is not installed");
            throw;
        }
        using (process)
        {
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            string line = output.Split('\n').Single(l => l.Contains("Name: " + Version, StringComparison.Ordinal));
            return line[(line.IndexOf("Flags:", StringComparison.Ordinal) + 6)..].Trim().Split(' ')[0];
        }
    }

    [Test]
    public void TheOutputCopyIsWeakWhereLibstdcxxLacksTheVersion()
    {
        Assume.That(OperatingSystem.IsLinux(), Is.True);
        Assert.That(File.Exists(OutputLibrary), Is.True, OutputLibrary);
        string expected = SystemHasVersion() ? "none" : "WEAK";
        Assert.That(RequirementFlags(OutputLibrary), Is.EqualTo(expected));
    }

    [Test]
    public void TheNuGetCacheIsNeverModified()
    {
        Assume.That(OperatingSystem.IsLinux() && File.Exists(CacheLibrary), Is.True, "the package is not in the default cache");
        Assert.That(RequirementFlags(CacheLibrary), Is.EqualTo("none"));
        if (!SystemHasVersion())
        {
            byte[] output = File.ReadAllBytes(OutputLibrary), cache = File.ReadAllBytes(CacheLibrary);
            Assert.That(output, Has.Length.EqualTo(cache.Length));
            int differing = output.Zip(cache).Count(p => p.First != p.Second);
            Assert.That(differing, Is.EqualTo(1), "exactly one byte (the Vernaux flags) differs");
        }
    }
}
