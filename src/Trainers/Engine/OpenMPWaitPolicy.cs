using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MLSegmentation.Trainers.Engine;

/// <summary>
/// OpenMP's wait policy for libtorch's intra-op threads (DESIGN.md): <c>OMP_WAIT_POLICY=PASSIVE</c> unless the environment
/// already sets it. libgomp's default lets an idle worker spin between parallel regions; on a machine with as many cores as
/// intra-op threads the spinner takes the core from the batch feed's workers and the training thread itself, and on some
/// input shapes (40×56, 64×36 with batch 1) a step took ten times as long, 91 % of the time in libgomp's spin loop (perf).
/// libgomp reads the variable once, when libtorch loads it, so this runs when this assembly loads, before the first tensor
/// of the trainers, the CLI and the benchmarks. Does nothing outside Linux.
/// </summary>
public static class OpenMPWaitPolicy
{
    /// <summary>The variable libgomp reads.</summary>
    public const string Variable = "OMP_WAIT_POLICY";

    /// <summary>The value set when the environment gives none.</summary>
    public const string Default = "PASSIVE";

    /// <summary>The policy libgomp reads in this process: the environment's, or <see cref="Default"/>.</summary>
    public static string Value { get; private set; } = Default;

    /// <summary>One line saying which policy is in effect and why.</summary>
    public static string Status { get; private set; } = "not applied yet";

#pragma warning disable CA2255 // Must precede the load of libtorch (and libgomp), which a library cannot otherwise guarantee.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize() => Apply(Environment.GetEnvironmentVariable(Variable), OperatingSystem.IsLinux());

    internal static void Apply(string? given, bool isLinux)
    {
        if (!isLinux)
            Status = "not Linux";
        else if (!string.IsNullOrWhiteSpace(given))
            (Value, Status) = (given, $"{Variable}={given} (from the environment)");
        else
            Status = SetEnv(Variable, Default, overwrite: 0) == 0 ? $"{Variable}={Default}" : $"setenv failed; libgomp's default policy";
    }

    [DllImport("libc", EntryPoint = "setenv", BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int SetEnv(string name, string value, int overwrite);
}
