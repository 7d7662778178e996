using System.Diagnostics;
using System.Runtime.InteropServices;

namespace MLSegmentation.Cli.Tests;

/// <summary>Runs the built <c>mlseg</c> in a child process, as a user would.</summary>
internal static class Mlseg
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(params string[] args) => RunProgram("mlseg.dll", args);

    public static Result RunProgram(string assembly, params string[] args) => Start(assembly, args, signalAfter: null, workingDirectory: null);

    /// <summary>Runs a built program with <paramref name="workingDirectory"/> as its working directory.</summary>
    public static Result RunProgramIn(string workingDirectory, string assembly, params string[] args) => Start(assembly, args, signalAfter: null, workingDirectory);

    /// <summary>Runs <c>mlseg</c> and sends it SIGINT (Ctrl-C) as soon as a line of its standard output satisfies <paramref name="interruptAfter"/>.</summary>
    public static Result RunInterrupted(Func<string, bool> interruptAfter, params string[] args) =>
        Start("mlseg.dll", args, (interruptAfter, TimeSpan.Zero, Kill: false), workingDirectory: null);

    /// <summary>Runs <c>mlseg</c> and kills it with SIGKILL <paramref name="delay"/> after the first line of its standard output that satisfies <paramref name="killAfter"/>.</summary>
    public static Result RunKilled(Func<string, bool> killAfter, TimeSpan delay, params string[] args) =>
        Start("mlseg.dll", args, (killAfter, delay, Kill: true), workingDirectory: null);

    /// <summary>Runs <c>mlseg</c> and kills it with SIGKILL <paramref name="delay"/> after its start, unless it has ended.</summary>
    public static Result RunKilled(TimeSpan delay, params string[] args) => Start("mlseg.dll", args, signalAfter: null, workingDirectory: null, killAt: delay);

    /// <summary>Runs <c>mlseg</c> and calls <paramref name="watch"/> with each line of its standard output and its process, while it runs.</summary>
    public static Result RunWatched(Action<string, Process> watch, params string[] args) =>
        Start("mlseg.dll", args, signalAfter: null, workingDirectory: null, watch: watch);

    private static Result Start(string assembly, string[] args, (Func<string, bool> After, TimeSpan Delay, bool Kill)? signalAfter, string? workingDirectory,
        TimeSpan? killAt = null, Action<string, Process>? watch = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly));
        foreach (string a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        using var deadline = new CancellationTokenSource(killAt ?? Timeout.InfiniteTimeSpan);
        using CancellationTokenRegistration killer = deadline.Token.Register(() =>
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // it had already ended
            }
        });
        Task<string> output = ReadLines(process, signalAfter, watch);
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{assembly} {string.Join(' ', args)} did not finish in 3 minutes");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }

    private static async Task<string> ReadLines(Process process, (Func<string, bool> After, TimeSpan Delay, bool Kill)? signalAfter, Action<string, Process>? watch)
    {
        var text = new System.Text.StringBuilder();
        bool sent = false;
        while (await process.StandardOutput.ReadLineAsync() is string line)
        {
            text.AppendLine(line);
            watch?.Invoke(line, process);
            if (!sent && signalAfter is { } signal && signal.After(line))
            {
                sent = true;
                if (signal.Delay > TimeSpan.Zero) await Task.Delay(signal.Delay);
                if (signal.Kill) process.Kill(entireProcessTree: true); // SIGKILL on Linux: no handler runs
                else if (Kill(process.Id, SigInt) != 0) // directly: starting a `kill` process took long enough on a loaded machine for a short run to end first
                {
                    throw new InvalidOperationException($"kill({process.Id}, SIGINT) failed: errno {Marshal.GetLastPInvokeError()}");
                }
            }
        }
        return text.ToString();
    }

    private const int SigInt = 2;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
