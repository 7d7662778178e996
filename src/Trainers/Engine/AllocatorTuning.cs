using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MLSegmentation.Trainers.Engine;

/// <summary>
/// The glibc allocator setting for tensor work (DESIGN.md): glibc serves large blocks with mmap and unmaps them on
/// free, so every training step page-faults its activations in again. <c>mallopt(M_MMAP_MAX, 0)</c> and
/// <c>mallopt(M_TRIM_THRESHOLD, int.MaxValue)</c> keep freed memory for reuse instead. Applied once when this assembly
/// loads, before the first tensor of any entry point (trainers, CLI, benchmarks, tests); resident memory then stays
/// at the peak of one step rather than growing. Set the environment variable <c>MLSEG_MALLOC_TUNING=0</c> to turn it
/// off. Does nothing outside Linux or on a C library without <c>mallopt</c> (musl).
/// </summary>
public static class AllocatorTuning
{
    /// <summary>The environment variable that turns the setting off when it is <c>0</c>.</summary>
    public const string SwitchVariable = "MLSEG_MALLOC_TUNING";

    private const int MallocTrimThreshold = -1;
    private const int MallocMmapMax = -4;
    private static readonly Lock s_lock = new();
    private static bool s_done;

    /// <summary>Whether the setting is in effect in this process.</summary>
    public static bool Applied { get; private set; }

    /// <summary>One line saying whether the setting is in effect, and why not.</summary>
    public static string Status { get; private set; } = "not applied yet";

#pragma warning disable CA2255 // The setting must precede the first tensor of every entry point, which a library cannot otherwise guarantee.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize() => Apply();

    /// <summary>Applies the setting once (later calls do nothing) unless <see cref="SwitchVariable"/> is <c>0</c>.</summary>
    public static void Apply()
    {
        lock (s_lock)
        {
            if (s_done) return;
            s_done = true;
            string? reason = ReasonNotToApply(Environment.GetEnvironmentVariable(SwitchVariable), OperatingSystem.IsLinux());
            if (reason is not null)
            {
                Status = reason;
                return;
            }
            try
            {
                Applied = Mallopt(MallocMmapMax, 0) == 1 & Mallopt(MallocTrimThreshold, int.MaxValue) == 1;
                Status = Applied ? "glibc: mmap_max=0, trim_threshold=max" : "mallopt refused the setting";
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                Status = "the C library has no mallopt (not glibc)";
            }
        }
    }

    /// <summary>Why the setting is not applied, or null when it is to be applied.</summary>
    internal static string? ReasonNotToApply(string? switchValue, bool isLinux) =>
        !isLinux ? "not Linux"
        : switchValue?.Trim() == "0" ? $"turned off by {SwitchVariable}=0"
        : null;

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);
}
