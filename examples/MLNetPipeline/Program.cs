using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLSegmentation.Onnx;
using MLSegmentation.Trainers.Estimators;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;

int steps = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;   // dotnet run -- 1000
var mlContext = new MLContext(seed: 1);
mlContext.Log += (_, e) =>                                                       // the trainer's progress and notes
{
    if (e.Kind != ChannelMessageKind.Trace && e.Source.StartsWith("Segmentation", StringComparison.Ordinal)) Console.WriteLine(e.RawMessage);
};

// A folder of images/ and masks/ with the same file names: here 60 pairs of the synthetic benchmark, 64×64, 3 classes.
const string folder = "data/synthetic";
if (!Directory.Exists(folder))
    new SyntheticDatasetGenerator(new SyntheticOptions { Height = 64, Width = 64, ClassCount = 3 }, seed: 1).WriteFolder(folder, 60);

// One row per image: file paths relative to the folder (text columns), or MLImages from LoadImages.
var rows = Directory.GetFiles(Path.Combine(folder, "images")).Order()
    .Select(f => new { Image = "images/" + Path.GetFileName(f), Label = "masks/" + Path.GetFileName(f) });
var split = mlContext.Data.TrainTestSplit(mlContext.Data.LoadFromEnumerable(rows), testFraction: 0.2, seed: 1);

var pipeline = mlContext.Transforms.LoadImages("Image", folder, "Image")   // optional: paths are decoded too (16-bit PNG, NIfTI)
    .Append(mlContext.Segmentation().Trainers.MaskSup(new MaskSupTrainerOptions   // or Baseline, CoLab, SemanticContrastive
    {
        ImageFolder = folder,                                                       // resolves the Label paths
        ClassNames = ["background", "blob", "shape"],                              // else class_1, … from the mask values
        Preprocessing = new() { Size = [64, 64], Normalization = IntensityNormalization.ZScore },
        Augmentations = [new RandomFlip(0, 0.5)],                                   // label-aware, training only
        Training = new TrainerOptions { Steps = steps, BatchSize = 8, LearningRate = 3e-3 },
        Network = new() { Depth = 3, BaseWidth = 8 },
    }));

using var model = pipeline.Fit(split.TrainSet);                                  // checks the columns first, then trains
IDataView scored = model.Transform(split.TestSet);                               // adds PredictedLabel (uint mask), Size, optionally Score
var metrics = mlContext.Segmentation().Evaluate(scored, imageFolder: folder);
Console.WriteLine(metrics.ToTable());                                            // Dice, IoU, precision, sensitivity, HD95… per class

mlContext.Model.Save(model, split.TrainSet.Schema, "model.zip");                 // stock ML.NET steps: loads where only ML.NET is
model.LastTransformer.SaveAsOnnx("model.onnx");                                  // standard ONNX, opset 17, contract in its metadata

// A fresh context, as another process has: ML.NET loads the whole pipeline (its ONNX scoring runs at the training
// size, one row at a time), and SegmentationTransformer.Load gives the batched scorer back from the same file.
var scoring = new MLContext();
ITransformer reloaded = scoring.Model.Load("model.zip", out DataViewSchema _);
using var batched = SegmentationTransformer.Load(scoring, "model.zip", new() { ImageFolder = folder });
uint[][] before = Masks(scored), stock = Masks(reloaded.Transform(split.TestSet)), after = Masks(batched.Transform(split.TestSet));
bool identical = Same(before, stock) && Same(before, after);
Console.WriteLine($"reloaded: {after.Length} masks, {(identical ? "identical" : "DIFFERENT")} to the pipeline's");
return identical ? 0 : 1;

static uint[][] Masks(IDataView scored) =>
    [.. scored.GetColumn<VBuffer<uint>>("PredictedLabel").Select(mask => mask.DenseValues().ToArray())];

static bool Same(uint[][] a, uint[][] b) => a.Length == b.Length && a.Zip(b).All(p => p.First.SequenceEqual(p.Second));
