// Data-pipeline benchmark: PNG decoding, augmentation and batching against what training consumes.
// A front-end of `mlseg benchmark --suite pipeline` (the measurements live in src/Benchmarks):
//   dotnet run -c Release --project bench/MLSegmentation.Bench.Pipeline -- [--quick] [--rounds N] [--repeats N] [--threads N] [--json]
return MLSegmentation.Cli.Program.Main(["benchmark", "--suite", "pipeline", .. args]);
