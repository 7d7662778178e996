using System.Diagnostics;
using MLSegmentation.Trainers.Engine;
using System.Reflection;

namespace MLSegmentation.Benchmarks;

/// <summary>
/// The PyTorch side of the benchmarks: a Python interpreter that imports the required modules, and the scripts of
/// <c>bench/python</c> (embedded in this assembly) written to a temporary folder for the lifetime of this object.
/// </summary>
public sealed class PythonTorch : IDisposable
{
    /// <summary>The interpreter the benchmarks use by default (Debian's, with <c>python3-torch</c>).</summary>
    public const string DefaultInterpreter = "/usr/bin/python3";

    private readonly string _interpreter;
    private readonly string _folder;

    private PythonTorch(string interpreter, string folder)
    {
        _interpreter = interpreter;
        _folder = folder;
    }

    /// <summary>
    /// Checks that <paramref name="interpreter"/> runs and imports <paramref name="modules"/>; null with the
    /// reason in <paramref name="missing"/> when not.
    /// </summary>
    public static PythonTorch? Find(string interpreter, IReadOnlyList<string> modules, out string? missing)
    {
        ArgumentNullException.ThrowIfNull(modules);
        if (!File.Exists(interpreter))
        {
            missing = $"{interpreter} not found";
            return null;
        }
        (int code, _, string error) = Execute(interpreter, ["-c", "import " + string.Join(", ", modules)]);
        if (code != 0)
        {
            missing = $"{interpreter} cannot import {string.Join(", ", modules)} ({error.Trim().Split('\n')[^1]})";
            return null;
        }
        string folder = Directory.CreateTempSubdirectory("mlseg-bench-python-").FullName;
        Assembly assembly = typeof(PythonTorch).Assembly;
        foreach (string name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("python/", StringComparison.Ordinal)))
        {
            using Stream source = assembly.GetManifestResourceStream(name)!;
            using FileStream target = File.Create(Path.Combine(folder, name["python/".Length..]));
            source.CopyTo(target);
        }
        missing = null;
        return new PythonTorch(interpreter, folder);
    }

    /// <summary>Runs the script <paramref name="script"/> (a file name of <c>bench/python</c>) and returns its standard output lines.</summary>
    /// <exception cref="InvalidOperationException">The script failed; the message holds its standard error.</exception>
    public IReadOnlyList<string> Run(string script, IEnumerable<string> arguments)
    {
        (int code, string output, string error) = Execute(_interpreter, [Path.Combine(_folder, script), .. arguments]);
        if (code != 0) throw new InvalidOperationException($"{script} exited with {code}: {error.Trim()}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Deletes the scripts' temporary folder.</summary>
    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int Code, string Output, string Error) Execute(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // The peer runs with the allocator setting the library applies in-process (AllocatorTuning), through glibc's tunables.
        start.Environment["GLIBC_TUNABLES"] = "glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=2147483647";
        // and with the same OpenMP wait policy (OpenMPWaitPolicy); PyTorch's wheels and Debian's build both use libgomp.
        start.Environment[OpenMPWaitPolicy.Variable] = OpenMPWaitPolicy.Value;
        foreach (string a in arguments) start.ArgumentList.Add(a);
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }
}
