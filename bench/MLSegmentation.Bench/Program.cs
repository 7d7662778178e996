// Training benchmark: the C# engine against PyTorch on the same U-Net, and the training loop's overhead.
// A front-end of `mlseg benchmark --suite training` (the measurements live in src/Benchmarks):
//   dotnet run -c Release --project bench/MLSegmentation.Bench -- [--quick] [--rounds N] [--repeats N] [--threads N] [--json]
return MLSegmentation.Cli.Program.Main(["benchmark", "--suite", "training", .. args]);
