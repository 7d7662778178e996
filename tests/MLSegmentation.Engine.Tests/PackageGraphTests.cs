using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace MLSegmentation.Engine.Tests;

/// <summary>
/// <c>MLSegAccelerator</c> picks one native build of libtorch and one of ONNX Runtime (Directory.Build.targets).
/// The CUDA packages are not served on this machine's feed, so the property's effect is checked on the evaluated
/// package graph of this project, not by a restore or a CUDA run.
/// </summary>
public class PackageGraphTests
{
    private static string ProjectPath => typeof(PackageGraphTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ProjectPath").Value!;

    private static Dictionary<string, string> PackageReferences(string accelerator)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string a in new[] { "msbuild", ProjectPath, "-getItem:PackageReference,PackageVersion", "-p:MLSegAccelerator=" + accelerator, "-nologo" })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, "dotnet msbuild -getItem failed:\n" + output + error);
        using var json = JsonDocument.Parse(output);
        JsonElement items = json.RootElement.GetProperty("Items");
        // Central package management: versions live on PackageVersion items.
        var versions = items.GetProperty("PackageVersion").EnumerateArray()
            .ToDictionary(i => i.GetProperty("Identity").GetString()!, i => i.GetProperty("Version").GetString()!, StringComparer.OrdinalIgnoreCase);
        return items.GetProperty("PackageReference").EnumerateArray().Select(i => i.GetProperty("Identity").GetString()!)
            .ToDictionary(id => id, id => versions.GetValueOrDefault(id, ""));
    }

    [Test]
    public void CpuTakesTorchSharpCpuAndTheCpuOnnxRuntime()
    {
        var packages = PackageReferences("cpu");
        Assert.That(packages.Keys, Does.Contain("TorchSharp-cpu").And.Contain("Microsoft.ML.OnnxRuntime"));
        Assert.That(packages.Keys, Has.None.StartsWith("TorchSharp-cuda").And.None.EqualTo("Microsoft.ML.OnnxRuntime.Gpu.Linux"));
        Assert.That(packages["TorchSharp-cpu"], Is.EqualTo("0.107.0"));
        Assert.That(packages["Microsoft.ML.OnnxRuntime"], Is.EqualTo("1.31.1"));
        Assert.That(packages["Microsoft.ML.OnnxRuntime.Managed"], Is.EqualTo("1.31.1"));
    }

    [Test]
    public void CudaTakesTheCudaBuildsAndNeverBothOnnxRuntimes()
    {
        var packages = PackageReferences("cuda");
        string torch = OperatingSystem.IsWindows() ? "TorchSharp-cuda-windows" : "TorchSharp-cuda-linux";
        Assert.That(packages.Keys, Does.Contain(torch).And.Contain("Microsoft.ML.OnnxRuntime.Gpu.Linux"));
        Assert.That(packages.Keys, Does.Not.Contain("TorchSharp-cpu").And.Not.Contain("Microsoft.ML.OnnxRuntime"),
            "the CPU library would silently win over the CUDA one");
        Assert.That(packages[torch], Is.EqualTo("0.107.0"));
        // The GPU build is served at 1.31.0 only; the managed API moves with it.
        Assert.That(packages["Microsoft.ML.OnnxRuntime.Gpu.Linux"], Is.EqualTo("1.31.0"));
        Assert.That(packages["Microsoft.ML.OnnxRuntime.Managed"], Is.EqualTo("1.31.0"));
    }
}
