using System.Diagnostics;
using System.Runtime.InteropServices;

namespace MLSegmentation.Trainers.Tests;

/// <summary>Runs the PyTorch reference scripts in reference/ with Debian's PyTorch (/usr/bin/python3) and exchanges raw little-endian arrays with them.</summary>
internal static class ReferencePython
{
    private const string Python = "/usr/bin/python3";
    private static readonly Lazy<bool> HasTorch = new(() => File.Exists(Python) && Run(["-c", "import torch"]).ExitCode == 0);

    /// <summary>Ignores the calling test when /usr/bin/python3 cannot import torch.</summary>
    public static void RequireTorch()
    {
        if (!HasTorch.Value) Assert.Ignore($"SKIPPED: {Python} with torch (Debian's python3-torch) is not installed");
    }

    /// <summary>Runs reference/<paramref name="script"/> with <paramref name="arguments"/>; returns its standard output, asserting it succeeded.</summary>
    public static string RunScript(string script, IEnumerable<string> arguments)
    {
        (int exitCode, string stdout, string stderr) = Run([Path.Combine(AppContext.BaseDirectory, "reference", script), .. arguments]);
        Assert.That(exitCode, Is.Zero, stderr);
        return stdout;
    }

    public static void WriteRaw<T>(string path, T[] values) where T : unmanaged =>
        File.WriteAllBytes(path, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public static float[] ReadFloats(string path) => MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(path)).ToArray();

    private static (int ExitCode, string Stdout, string Stderr) Run(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in arguments) start.ArgumentList.Add(a);
        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.Result);
    }
}
