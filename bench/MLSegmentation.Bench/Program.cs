using MLSegmentation.Bench;

// Engine benchmark: training throughput of the C# engine against PyTorch in one run, printed as ratios.
// Usage: dotnet run -c Release --project bench/MLSegmentation.Bench -- [--quick] [--rounds N] [--precision fp32,bf16]
try
{
    new TrainingBenchmark(BenchmarkSettings.Parse(args)).Run();
    return 0;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"benchmark: {e.Message}");
    return 2;
}
