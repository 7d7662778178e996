// Scoring benchmark: the scorer against a raw ONNX Runtime run and PyTorch eval of the same U-Net.
// A front-end of `mlseg benchmark --suite scoring` (the measurements live in src/Benchmarks):
//   dotnet run -c Release --project bench/MLSegmentation.Bench.Scoring -- [--quick] [--rounds N] [--repeats N] [--threads N] [--json]
return MLSegmentation.Cli.Program.Main(["benchmark", "--suite", "scoring", .. args]);
