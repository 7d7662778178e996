using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace MLSegmentation.Torch.Tests.Reference;

/// <summary>
/// Runs a reference script with Debian's PyTorch 1.13.1 (<c>/usr/bin/python3</c>, package python3-torch, which
/// scripts/setup.sh installs) and parses the JSON it prints. The scripts are the .py files next to this source file
/// (found through the compiler's record of this file's path), runnable by hand as well.
/// </summary>
internal static class PyTorchReference
{
    internal const string Python = "/usr/bin/python3";

    internal static JsonElement Run(string name)
    {
        if (!File.Exists(Python)) Assert.Fail($"{Python} is missing; scripts/setup.sh installs python3-torch, which these parity tests need");
        string path = Path.Combine(Path.GetDirectoryName(SourcePath())!, name);
        if (!File.Exists(path)) Assert.Fail($"the reference script {path} is missing");
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(path);
        start.Environment["OMP_NUM_THREADS"] = "1";
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Python}");
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(120_000))
        {
            process.Kill();
            Assert.Fail($"the reference script {name} did not finish in 120 s");
        }
        if (process.ExitCode != 0) Assert.Fail($"the reference script {name} failed ({process.ExitCode}):\n{stderr.Result}");
        using JsonDocument doc = JsonDocument.Parse(stdout);
        return doc.RootElement.Clone();
    }

    private static string SourcePath([CallerFilePath] string path = "") => path;

    internal static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    internal static long[] Longs(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt64()).ToArray();
}
