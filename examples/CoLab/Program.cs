using Microsoft.ML;
using MLSegmentation.Networks;
using System.CommandLine;
using System.Globalization;
using MLSegmentation.Onnx;
using MLSegmentation.Trainers.Estimators;
using MLSegmentation.Trainers.Methods;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;

// CoLab (context label learning, METHODS.md §1): a second network, the task generator, learns to split the
// background into K "context" classes, so that the segmenter no longer has to push very different background
// structures into one class — the usual cause of false positives around the region of interest. Here the ROI
// is the synthetic benchmark's blob on a very heterogeneous background; the held-out metrics table shows its
// precision (what CoLab is meant to raise). The exported model merges the context classes back into background,
// so it scores two classes like any other segmenter.
// Usage: CoLab [--steps N] [--context-classes K] [--finite-difference] [--seed N] [--out DIR]
var stepsOption = new Option<int>("--steps") { Description = "Training steps.", DefaultValueFactory = _ => 400 };
var contextOption = new Option<int>("--context-classes") { Description = "K, the context classes the background is split into.", DefaultValueFactory = _ => 2 };
var finiteOption = new Option<bool>("--finite-difference") { Description = "Approximate the meta-gradient by finite differences (the official code) instead of the exact double backward." };
var seedOption = new Option<long>("--seed") { Description = "The one seed of data, initialisation and sampling.", DefaultValueFactory = _ => 1 };
var outOption = new Option<string>("--out") { Description = "Output folder.", DefaultValueFactory = _ => Path.Combine("runs", "colab") };
var root = new RootCommand("Train a U-Net with CoLab on the synthetic benchmark, evaluate it, export it to ONNX and score one image.")
{
    stepsOption, contextOption, finiteOption, seedOption, outOption,
};
root.SetAction(r => Run(r.GetValue(stepsOption), r.GetValue(contextOption), r.GetValue(finiteOption), r.GetValue(seedOption), Path.GetFullPath(r.GetValue(outOption)!)));
return root.Parse(args).Invoke();

static int Run(int steps, int contextClasses, bool finiteDifference, long seed, string output)
{
    // Two classes (background, blob) and the most heterogeneous background the generator makes.
    var data = new SyntheticOptions { ClassCount = 2, BackgroundHeterogeneity = 1.0 };
    var generator = new SyntheticDatasetGenerator(data, seed);
    string trainFolder = Path.Combine(output, "train"), testFolder = Path.Combine(output, "test");
    if (!Directory.Exists(trainFolder)) generator.WriteFolder(trainFolder, 120);
    if (!Directory.Exists(testFolder)) generator.WriteFolder(testFolder, 30, firstIndex: 10_000);
    Console.WriteLine($"1. synthetic blobs on a heterogeneous background: 120 training and 30 test images in {output}");

    var trainer = new MLContext().Segmentation().Trainers.CoLab(new CoLabTrainerOptions
    {
        Network = new UNetOptions { Depth = 3, BaseWidth = 16 },
        Training = new TrainerOptions { Steps = steps, LearningRate = 3e-3, ValidationEvery = Math.Max(1, steps / 4) },
        Seed = seed,
        Preprocessing = new() { Normalization = IntensityNormalization.ZScore },
        Augmentations = [new RandomFlip(0, 0.5)],
        Progress = new ProgressCallback<TrainingProgress>(p =>
        {
            if (p.Kind == ProgressKind.Validation)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   step {p.Step,4}/{p.TotalSteps}  validation Dice of the blob {p.ValidationDice![0]:F3}"));
        }),
        CoLab = new CoLabOptions
        {
            ContextClasses = contextClasses,
            // The distance fade m = min(1, exp((τ_sub − d)/τ_dev)) keeps context labels near the ROI only. The paper's
            // 30/20 voxels suit 3D scans; on 64×64 images they would cover the whole picture, so scale them down.
            TauSub = 8,
            TauDev = 6,
            // A meta step (one generator update through the segmenter's look-ahead) every 5 steps, as in the paper:
            // it costs about three normal steps.
            TaskUpdateEvery = 5,
            GeneratorLearningRate = 3e-4,
            MetaGradient = finiteDifference ? MetaGradient.FiniteDifference : MetaGradient.Exact,
        },
    });
    Console.WriteLine($"2. training CoLab with {contextClasses} context classes ({(finiteDifference ? "finite-difference" : "exact")} meta-gradient) for {steps} steps");
    var (train, validation) = DatasetSplit.BySeed(FolderDataset.Open(trainFolder), validationFraction: 0.2, seed);
    using SegmentationModel model = trainer.Fit(train, validation);
    Console.WriteLine($"   the network has {model.Classes} + {model.ContextChannels} output channels; predictions merge the {model.ContextChannels} context channels into background");

    var test = FolderDataset.Open(testFolder);
    var report = model.Evaluate(test);
    string metricsPath = Path.Combine(output, "metrics.json");
    AtomicFile.WriteAllText(metricsPath, report.ToJson());
    Console.WriteLine("3. test metrics (engine):");
    Console.WriteLine(report.ToTable());

    string onnxPath = Path.Combine(output, "colab.onnx"), maskPath = Path.Combine(output, "test-mask.png");
    model.ExportToOnnx(onnxPath);
    using var segmenter = new OnnxSegmenter(onnxPath);
    Image image = test.Load(0).Image;
    LabelMap labels = segmenter.Score(image).Labels;
    PngFile.WriteLabels(maskPath, labels);
    int agree = labels.Data.Zip(model.Predict(image).Data).Count(pair => pair.First == pair.Second);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"4. exported {onnxPath} ({segmenter.Model.ClassCount} classes: {string.Join(", ", segmenter.Model.ClassNames)}); " +
        $"scored {test.GetInfo(0).Id}: {agree * 100.0 / labels.Data.Length:F1} % of its pixels labelled as by the engine"));
    Console.WriteLine($"metrics: {metricsPath}\nmask:    {maskPath}");
    return 0;
}
