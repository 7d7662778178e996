using System.CommandLine;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLSegmentation.Onnx;
using MLSegmentation.Trainers.Estimators;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;

// The README's ML.NET pipeline on the synthetic benchmark: a folder of image and mask PNGs as an IDataView, LoadImages,
// a segmentation trainer, Fit, Transform, Evaluate, then the model saved as ONNX, loaded into a fresh transformer and
// scored again (the masks must be identical).
// Usage: MLNetPipeline [--steps N] [--seed N] [--out DIR]
var stepsOption = new Option<int>("--steps") { Description = "Training steps.", DefaultValueFactory = _ => 300 };
var seedOption = new Option<int>("--seed") { Description = "The MLContext's seed.", DefaultValueFactory = _ => 1 };
var outOption = new Option<string>("--out") { Description = "Output folder.", DefaultValueFactory = _ => Path.Combine("runs", "mlnet") };
var root = new RootCommand("Train, evaluate, save and reload a segmentation model in an ML.NET pipeline.") { stepsOption, seedOption, outOption };
root.SetAction(r => Run(r.GetValue(stepsOption), r.GetValue(seedOption), Path.GetFullPath(r.GetValue(outOption)!)));
return root.Parse(args).Invoke();

static int Run(int steps, int seed, string folder)
{
    if (!Directory.Exists(Path.Combine(folder, "images")))
        new SyntheticDatasetGenerator(new SyntheticOptions { Height = 64, Width = 64, ClassCount = 3 }, seed).WriteFolder(folder, 60);

    var mlContext = new MLContext(seed);
    mlContext.Log += (_, e) => { if (e.Kind != ChannelMessageKind.Trace && e.Source.StartsWith("Segmentation", StringComparison.Ordinal)) Console.WriteLine(e.RawMessage); };

    var rows = Directory.GetFiles(Path.Combine(folder, "images"), "*.png").Order()
        .Select(f => new FileRow { Image = "images/" + Path.GetFileName(f), Label = "masks/" + Path.GetFileName(f) });
    var split = mlContext.Data.TrainTestSplit(mlContext.Data.LoadFromEnumerable(rows), testFraction: 0.2, seed: seed);

    var pipeline = mlContext.Transforms.LoadImages("Image", folder, "Image")
        .Append(mlContext.Segmentation().Trainers.Baseline(new BaselineOptions
        {
            ImageFolder = folder,
            ClassNames = ["background", "blob", "shape"],
            Preprocessing = new() { Size = [64, 64], Normalization = IntensityNormalization.ZScore },
            Augmentations = [new RandomFlip(0, 0.5)],
            Training = new TrainerOptions { Steps = steps, BatchSize = 8, LearningRate = 3e-3, ValidationEvery = 0 },
            Network = new() { Depth = 3, BaseWidth = 8 },
        }));

    using var model = pipeline.Fit(split.TrainSet);
    IDataView scored = model.Transform(split.TestSet);
    var metrics = mlContext.Segmentation().Evaluate(scored, imageFolder: folder, surfaceDistances: false);
    Console.WriteLine(metrics.ToTable());

    string onnx = Path.Combine(folder, "model.onnx");
    model.LastTransformer.SaveAsOnnx(onnx);
    Console.WriteLine($"saved: {onnx}");

    using var loaded = new SegmentationTransformer(new MLContext(), onnx);
    IDataView images = mlContext.Transforms.LoadImages("Image", folder, "Image").Fit(split.TestSet).Transform(split.TestSet);
    uint[][] first = Masks(scored), second = Masks(loaded.Transform(images));
    bool identical = first.Length == second.Length && first.Zip(second).All(p => p.First.AsSpan().SequenceEqual(p.Second));
    Console.WriteLine($"reloaded: {second.Length} masks, {(identical ? "identical" : "DIFFERENT")} to the pipeline's");
    return identical ? 0 : 1;
}

static uint[][] Masks(IDataView scored) =>
    [.. scored.GetColumn<VBuffer<uint>>(SegmentationColumnNames.PredictedLabel).Select(m => m.DenseValues().ToArray())];

internal sealed class FileRow
{
    public string Image { get; set; } = "";

    public string Label { get; set; } = "";
}
