using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MLSegmentation.Benchmarks;

namespace MLSegmentation.Cli.Commands;

/// <summary><c>mlseg benchmark</c>: runs the bench suite (training, scoring, data pipeline) and prints medians and their ratios.</summary>
internal static class BenchmarkCommand
{
    public static Command Create()
    {
        var suite = new Option<string>("--suite") { Description = "training (C# engine vs PyTorch, loop overhead), scoring (scorer vs raw ONNX Runtime vs PyTorch), pipeline (data pipeline vs training consumption) or all.", DefaultValueFactory = _ => "all" };
        suite.AcceptOnlyFromAmong("training", "scoring", "pipeline", "all");
        var quick = new Option<bool>("--quick") { Description = "Tiny sizes and few windows: a smoke test in seconds whose figures mean nothing." };
        var rounds = new Option<int?>("--rounds") { Description = "training: rounds alternating the C# engine and PyTorch (default 2, --quick 1)." };
        var repeats = new Option<int?>("--repeats") { Description = "Timed windows: per engine and round (training, default 3), per path (scoring, default 5), epochs (pipeline, default 3)." };
        var trainingCase = new Option<string>("--case") { Description = "training: anchor (DESIGN.md's U-Net: depth 4, base 32, batch 8 at 128²) or small (depth 3, base 16, batch 16 at 96²).", DefaultValueFactory = _ => "anchor" };
        trainingCase.AcceptOnlyFromAmong("anchor", "small");
        var precisions = new Option<string[]>("--precision") { Description = "training: precisions to measure, fp32 and/or bf16 (default both; --quick fp32). bf16 is slow on CPUs without AVX512-BF16 or AMX.", AllowMultipleArgumentsPerToken = true };
        precisions.AcceptOnlyFromAmong("fp32", "bf16");
        var threads = new Option<int>("--threads") { Description = "Intra-op threads of the engines (training, scoring).", DefaultValueFactory = _ => 2 };
        var python = new Option<string>("--python") { Description = "Python interpreter with torch (and onnx for scoring); without it the PyTorch ratios are skipped with a note.", DefaultValueFactory = _ => PythonTorch.DefaultInterpreter };
        var json = new Option<bool>("--json") { Description = "Print the results as one JSON document on stdout (progress goes to stderr)." };
        var command = new Command("benchmark", "Run the bench suite on this machine and print medians of timed windows and their ratios. Benchmarks load the machine: prefer --quick on shared ones.")
        {
            suite, quick, rounds, repeats, trainingCase, precisions, threads, python, json,
        };
        command.SetAction(r => CommandErrors.Run("benchmark", () =>
        {
            string chosen = r.GetValue(suite)!;
            bool isQuick = r.GetValue(quick), asJson = r.GetValue(json);
            int? roundCount = Positive(r.GetValue(rounds), "--rounds"), repeatCount = Positive(r.GetValue(repeats), "--repeats");
            int threadCount = Positive(r.GetValue(threads), "--threads")!.Value;
            string interpreter = r.GetValue(python)!;
            TextWriter progress = asJson ? Console.Error : Console.Out;
            var results = new List<BenchmarkResult>();
            if (chosen is "training" or "all")
            {
                TrainingBenchmarkOptions options = isQuick ? TrainingBenchmarkOptions.Quick
                    : r.GetValue(trainingCase) == "small" ? TrainingBenchmarkOptions.Small : new TrainingBenchmarkOptions();
                options = options with
                {
                    Rounds = roundCount ?? options.Rounds, Repeats = repeatCount ?? options.Repeats, Threads = threadCount, Python = interpreter,
                    Precisions = r.GetValue(precisions) is { Length: > 0 } chosenPrecisions ? [.. chosenPrecisions.Distinct()] : options.Precisions,
                };
                results.Add(new TrainingBenchmark(options).Run(progress.WriteLine));
            }
            if (chosen is "scoring" or "all")
            {
                ScoringBenchmarkOptions options = isQuick ? ScoringBenchmarkOptions.Quick : new ScoringBenchmarkOptions();
                options = options with { Repeats = repeatCount ?? options.Repeats, Threads = threadCount, Python = interpreter };
                results.Add(new ScoringBenchmark(options).Run(progress.WriteLine));
            }
            if (chosen is "pipeline" or "all")
            {
                PipelineBenchmarkOptions options = isQuick ? PipelineBenchmarkOptions.Quick : new PipelineBenchmarkOptions();
                results.Add(new PipelineBenchmark(options with { Epochs = repeatCount ?? options.Epochs }).Run(progress.WriteLine));
            }
            Console.WriteLine(asJson ? JsonSerializer.Serialize(results, s_json) : string.Join(Environment.NewLine, results.Select(Describe)));
            return 0;
        }));
        return command;
    }

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private static int? Positive(int? value, string option) =>
        value is null or >= 1 ? value : throw new ArgumentException($"{option} {value}: must be at least 1");

    private static string Describe(BenchmarkResult result)
    {
        var lines = new List<string> { "", $"{result.Suite}:" };
        int width = result.Measurements.Select(m => m.Name.Length).DefaultIfEmpty(0).Max();
        foreach (BenchmarkMeasurement m in result.Measurements)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"  {m.Name.PadRight(width)}  {m.Median,10:F2} {m.Unit}{(m.Gigaflops is double g ? $" {g,7:F1} GFLOP/s" : "")} (median of {m.Samples.Count}: {string.Join(", ", m.Samples.Select(v => v.ToString("F2", CultureInfo.InvariantCulture)))})"));
        }
        foreach (BenchmarkRatio ratio in result.Ratios)
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"ratio {ratio.Name}: {ratio.Value:F3}{(ratio.Target is null ? "" : $"  (target {ratio.Target})")}"));
        lines.AddRange(result.Notes.Select(n => $"note: {n}"));
        return string.Join(Environment.NewLine, lines);
    }
}
