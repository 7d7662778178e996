namespace MLSegmentation.Bench;

/// <summary>Command-line settings shared by the benchmarks.</summary>
internal sealed record BenchmarkSettings
{
    public int Threads { get; init; } = 2;
    public int Batch { get; init; } = 8;
    public int Size { get; init; } = 128;
    public int Warmup { get; init; } = 3;
    public int Steps { get; init; } = 5;
    public int Repeats { get; init; } = 3;
    public int Rounds { get; init; } = 2;
    public bool CompareLayouts { get; init; } = true;
    public string[] Precisions { get; init; } = ["fp32", "bf16"];
    public string Python { get; init; } = "/usr/bin/python3";
    public string RepoRoot { get; init; } = FindRepoRoot();

    /// <summary>Parses <c>--threads N --batch N --size N --warmup N --steps N --repeats N --rounds N --precision fp32,bf16 --quick --no-layouts</c>.</summary>
    public static BenchmarkSettings Parse(string[] args)
    {
        var s = new BenchmarkSettings();
        for (int k = 0; k < args.Length; k++)
        {
            string Next() => k + 1 < args.Length ? args[++k] : throw new ArgumentException($"{args[k]} needs a value");
            s = args[k] switch
            {
                "--threads" => s with { Threads = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--batch" => s with { Batch = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--size" => s with { Size = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--warmup" => s with { Warmup = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--steps" => s with { Steps = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--repeats" => s with { Repeats = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--rounds" => s with { Rounds = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--precision" => s with { Precisions = Next().Split(',') },
                "--quick" => s with { Warmup = 1, Steps = 2, Repeats = 2, Rounds = 1 },
                "--no-layouts" => s with { CompareLayouts = false },
                _ => throw new ArgumentException($"unknown option {args[k]}"),
            };
        }
        return s;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MLSegmentation.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("run the benchmark from inside the repository (MLSegmentation.sln not found above " + AppContext.BaseDirectory + ")");
    }
}
