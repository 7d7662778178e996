using Microsoft.ML;
using System.CommandLine;
using System.Globalization;
using MLSegmentation.Onnx;
using MLSegmentation.Trainers.Estimators;
using MLSegmentation.Trainers.Losses;
using MLSegmentation.Trainers.Methods;
using MLSegmentation.Trainers.Metrics;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;

// MaskSup (METHODS.md §3): every training image goes through the network twice, once as is and once with free-form
// holes painted over it; both outputs are trained on the full labels and pulled towards each other, so the network
// learns to use the context around what it cannot see. Trained here on synthetic scenes with many overlapping
// objects, then scored through ONNX Runtime on the test images as they are and with holes, to see how much of the
// Dice survives the missing pixels.
// Usage: MaskSup [--steps N] [--gamma G] [--seed N] [--out DIR]
var stepsOption = new Option<int>("--steps") { Description = "Training steps.", DefaultValueFactory = _ => 400 };
var gammaOption = new Option<double>("--gamma") { Description = "γ, weight of the similarity term between the two branches (0: the official multi-class code).", DefaultValueFactory = _ => 1 };
var seedOption = new Option<long>("--seed") { Description = "The one seed of data, initialisation, hole masks and sampling.", DefaultValueFactory = _ => 1 };
var outOption = new Option<string>("--out") { Description = "Output folder.", DefaultValueFactory = _ => Path.Combine("runs", "masksup") };
var root = new RootCommand("Train a U-Net with MaskSup on occluded synthetic scenes, export it to ONNX and score the test images with and without holes.")
{
    stepsOption, gammaOption, seedOption, outOption,
};
root.SetAction(r => Run(r.GetValue(stepsOption), r.GetValue(gammaOption), r.GetValue(seedOption), Path.GetFullPath(r.GetValue(outOption)!)));
return root.Parse(args).Invoke();

static int Run(int steps, double gamma, long seed, string output)
{
    var generator = new SyntheticDatasetGenerator(new SyntheticOptions { Occlusion = 0.6 }, seed);
    string trainFolder = Path.Combine(output, "train"), testFolder = Path.Combine(output, "test");
    if (!Directory.Exists(trainFolder)) generator.WriteFolder(trainFolder, 120);
    if (!Directory.Exists(testFolder)) generator.WriteFolder(testFolder, 30, firstIndex: 20_000);
    Console.WriteLine($"1. synthetic scenes with 60 % occlusion: 120 training and 30 test images in {output}");

    var trainer = new MLContext().Segmentation().Trainers.MaskSup(new MaskSupTrainerOptions
    {
        Training = new TrainerOptions { Steps = steps, LearningRate = 3e-3, ValidationEvery = 0 },
        Seed = seed,
        Preprocessing = new() { Normalization = IntensityNormalization.ZScore },
        Augmentations = [new RandomRotation(10)],
        Progress = new ProgressCallback<TrainingProgress>(p =>
        {
            if (p.Kind == ProgressKind.Step && p.Step % 50 == 0)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   step {p.Step,4}/{p.TotalSteps}  loss {p.Loss:F4}  {p.ImagesPerSecond:F1} images/s (each seen twice)"));
        }),
        MaskSup = new MaskSupOptions
        {
            // L = α·L_seg(clean) + β·L_seg(with holes) + γ·MSE(softmax(clean), softmax(with holes)).
            Alpha = 1,
            Beta = 1,
            Gamma = gamma,
            // Each hole mask covers 40–60 % of the image, drawn fresh for every sample at every step.
            MaskCoverageMin = 0.4,
            MaskCoverageMax = 0.6,
            // Holes take the value 0 in the network's input units: the mean of a z-scored image.
            FillValue = 0,
            // The paper's L_seg is cross-entropy (null); Dice + cross-entropy copes better with the small lesions.
            SegmentationLoss = new DiceCrossEntropyLoss(),
        },
    });
    Console.WriteLine($"2. training MaskSup (α = 1, β = 1, γ = {gamma.ToString(CultureInfo.InvariantCulture)}) for {steps} steps");
    using SegmentationModel model = trainer.Fit(FolderDataset.Open(trainFolder));
    string onnxPath = Path.Combine(output, "masksup.onnx");
    model.ExportToOnnx(onnxPath);
    Console.WriteLine($"3. exported {onnxPath}");

    // Holes smaller than in training (20–30 %), filled with each image's mean so that they are 0 after normalisation.
    var holes = new HoleMaskGenerator(new HoleMaskOptions { MaskCoverageMin = 0.2, MaskCoverageMax = 0.3 }, seed);
    var test = FolderDataset.Open(testFolder);
    Image WithHoles(int index)
    {
        Image image = test.Load(index).Image.Clone();
        Image mask = holes.Generate(image.Height, image.Width, index);
        float mean = image.Data.Average();
        for (int i = 0; i < mask.Data.Length; i++)
            if (mask.Data[i] > 0) image.Data[i] = mean;
        return image;
    }
    using var segmenter = new OnnxSegmenter(onnxPath);
    MetricsReport Evaluate(Func<int, Image> load)
    {
        var metrics = new MetricsAccumulator(new MetricsOptions(model.Classes) { ClassNames = model.ClassNames });
        foreach (SegmentationResult result in segmenter.Score(Enumerable.Range(0, test.Count).Select(load)))
            metrics.Add(result.Labels, test.Load((int)result.Index).Labels!);
        return metrics.Report();
    }
    MetricsReport clean = Evaluate(i => test.Load(i).Image), withHoles = Evaluate(WithHoles);
    AtomicFile.WriteAllText(Path.Combine(output, "metrics.json"), clean.ToJson());
    AtomicFile.WriteAllText(Path.Combine(output, "metrics-with-holes.json"), withHoles.ToJson());
    Console.WriteLine("4. test metrics through ONNX Runtime, images as they are:");
    Console.WriteLine(clean.ToTable());
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"5. with 20–30 % of each image hidden: mean Dice {withHoles.ClassMeanDice:F3} (vs {clean.ClassMeanDice:F3}), mIoU {withHoles.ClassMeanIou:F3} (vs {clean.ClassMeanIou:F3})"));

    Image example = WithHoles(0);
    string examplePath = Path.Combine(output, "test-with-holes.png"), maskPath = Path.Combine(output, "test-with-holes-mask.png");
    PngFile.WriteImage(examplePath, example);
    PngFile.WriteLabels(maskPath, segmenter.Score(example).Labels);
    Console.WriteLine($"metrics: {Path.Combine(output, "metrics.json")} and {Path.Combine(output, "metrics-with-holes.json")}\nimage with holes: {examplePath}\nits mask: {maskPath}");
    return 0;
}
