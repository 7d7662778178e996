using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace MLSegmentation.Packages.Tests;

/// <summary>Runs the .NET SDK's <c>dotnet</c> as a user would, and fails the test when it cannot.</summary>
internal static class Dotnet
{
    // The SDK that runs the tests, where it says so; else the one on PATH.
    private static readonly string Executable =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && System.IO.File.Exists(host) ? host : "dotnet";

    /// <summary>
    /// Runs <c>dotnet <paramref name="args"/></c> in <paramref name="folder"/> and returns its standard output and error, interleaved.
    /// Fails the test when dotnet cannot be started, runs past <paramref name="timeout"/> or exits with another code than 0.
    /// </summary>
    public static string Run(string folder, TimeSpan timeout, params string[] args)
    {
        string command = $"dotnet {string.Join(' ', args)}";
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (string a in args) start.ArgumentList.Add(a);
        // Build nodes and the compiler server outlive the command and would keep its output pipes open.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";

        Process? process = null;
        try
        {
            process = Process.Start(start);
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"cannot start '{Executable}' for {command}: {e.Message}. These tests need the .NET SDK's dotnet on PATH.");
        }

        using (process)
        {
            var output = new StringBuilder();
            void Append(object sender, DataReceivedEventArgs e)
            {
                if (e.Data is null) return;
                lock (output) output.AppendLine(e.Data);
            }

            process!.OutputDataReceived += Append;
            process.ErrorDataReceived += Append;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                Assert.Fail($"{command} (in {folder}) did not finish in {timeout.TotalMinutes} minutes:\n{Text(output)}");
            }

            process.WaitForExit();
            string text = Text(output);
            Assert.That(process.ExitCode, Is.Zero, $"{command} (in {folder}) failed:\n{text}");
            return text;
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output) return output.ToString();
    }
}
