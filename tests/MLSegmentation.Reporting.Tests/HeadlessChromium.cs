using System.Diagnostics;

namespace MLSegmentation.Reporting.Tests;

/// <summary>Runs Debian's Chromium headless in a throw-away profile, with a time limit; the process tree is killed on timeout.</summary>
internal static class HeadlessChromium
{
    public const string Path = "/usr/bin/chromium";

    public static string Run(string profile, params string[] arguments)
    {
        if (!File.Exists(Path)) Assert.Fail($"{Path} is missing: scripts/setup.sh installs Debian's chromium package (apt-get install chromium)");
        var start = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", .. arguments])
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"chromium {string.Join(' ', arguments)} did not finish in 90 s");
        }

        Assert.That(process.ExitCode, Is.EqualTo(0), error.Result);
        return output.Result;
    }
}
