using Microsoft.ML;
using System.CommandLine;
using System.Globalization;
using MLSegmentation.Onnx;
using MLSegmentation.Trainers.Estimators;
using MLSegmentation.Trainers.Methods;
using MLSegmentation.Trainers.Metrics;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;

// Semantic-aware contrastive learning (METHODS.md §2): each object class in an image gets its own embedding (the
// encoder's features averaged under the object's mask), and a supervised contrastive loss pulls embeddings of the
// same class together across images and views. In the paper's two stages, stage 1 pretrains the encoder with that
// loss alone and stage 2 trains the whole U-Net for segmentation from it; the joint schedule adds the loss to the
// segmentation loss in one run. Trained on the five-class synthetic benchmark, evaluated, exported, and one test
// image scored through ONNX Runtime.
// Usage: Contrastive [--schedule two-stage|joint] [--steps N] [--pretrain-steps N] [--seed N] [--out DIR]
var scheduleOption = new Option<string>("--schedule") { Description = "two-stage (pretrain the encoder, then fine-tune) or joint (one run).", DefaultValueFactory = _ => "two-stage" };
scheduleOption.AcceptOnlyFromAmong("two-stage", "joint");
var stepsOption = new Option<int>("--steps") { Description = "Total training steps, both stages together.", DefaultValueFactory = _ => 400 };
var pretrainOption = new Option<int>("--pretrain-steps") { Description = "Stage-1 steps out of --steps (two-stage).", DefaultValueFactory = _ => 120 };
var seedOption = new Option<long>("--seed") { Description = "The one seed of data, initialisation, views and sampling.", DefaultValueFactory = _ => 1 };
var outOption = new Option<string>("--out") { Description = "Output folder.", DefaultValueFactory = _ => Path.Combine("runs", "contrastive") };
var root = new RootCommand("Train a U-Net with semantic-aware contrastive learning on the synthetic benchmark, evaluate, export to ONNX and score one image.")
{
    scheduleOption, stepsOption, pretrainOption, seedOption, outOption,
};
root.SetAction(r => Run(r.GetValue(scheduleOption) == "joint", r.GetValue(stepsOption), r.GetValue(pretrainOption), r.GetValue(seedOption), Path.GetFullPath(r.GetValue(outOption)!)));
return root.Parse(args).Invoke();

static int Run(bool joint, int steps, int pretrainSteps, long seed, string output)
{
    var generator = new SyntheticDatasetGenerator(new SyntheticOptions(), seed);
    string trainFolder = Path.Combine(output, "train"), testFolder = Path.Combine(output, "test");
    if (!Directory.Exists(trainFolder)) generator.WriteFolder(trainFolder, 120);
    if (!Directory.Exists(testFolder)) generator.WriteFolder(testFolder, 30, firstIndex: 30_000);
    Console.WriteLine($"1. synthetic benchmark ({string.Join(", ", generator.ClassNames.Skip(1))}): 120 training and 30 test images in {output}");

    var method = new SemanticContrastiveOptions
    {
        Schedule = joint ? ContrastiveSchedule.Joint : ContrastiveSchedule.PretrainThenFinetune,
        // Pool the bottleneck features under each object's mask; the encoder sees plain images, so the pretrained
        // weights fit the segmenter (InputChannel, the official form, feeds the mask as an extra input instead).
        Attention = AttentionMode.FeaturePooling,
        ProjectionSize = 128,
        Temperature = 0.07,
        // Two views per image: a random resized crop keeping 30–70 % of the area, a rotation within ±30°, a flip.
        CropScaleMin = 0.3,
        CropScaleMax = 0.7,
        RotationDegrees = 30,
        PretrainSteps = pretrainSteps,
        PretrainLearningRate = 5e-4,
        // Joint schedule only: L = L_seg + λ·L_SupCon.
        Lambda = 0.1,
        FreezeEncoder = false,
    };
    var preprocessing = new Preprocessing { Normalization = IntensityNormalization.ZScore };
    var training = new TrainerOptions { Steps = steps, LearningRate = 3e-3, ValidationEvery = 0, Seed = seed };
    var options = new SemanticContrastiveTrainerOptions
    {
        Training = training, Contrastive = method, Seed = seed, Preprocessing = preprocessing, Augmentations = [new RandomFlip(0, 0.5)],
        Progress = new ProgressCallback<TrainingProgress>(p =>
        {
            if (p.Kind == ProgressKind.Step && p.Step % 40 == 0)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   step {p.Step,4}/{p.TotalSteps}  loss {p.Loss:F4}"));
        }),
    };
    FileSegmentationDataset train = FolderDataset.Open(trainFolder);
    if (!joint)
    {
        // Stage 1 is not an estimator (it yields an encoder, not a model): it runs on a batch source of the same
        // images, normalised as the pipeline will normalise them in stage 2.
        string encoderPath = Path.Combine(output, SemanticContrastiveTrainer.EncoderName);
        var loader = new BatchLoader(train, new BatchLoaderOptions { BatchSize = training.BatchSize, Seed = seed },
            new TransformPipeline(seed, preprocessing.ToTransforms()));
        using (var source = new DatasetBatchSource(loader, train.ClassNames.Count, channels: 1, pretrainSteps))
        {
            var stage1 = new SemanticContrastiveTrainer(method, options.Network, training);
            stage1.Progress += p =>
            {
                if (p.Kind == ProgressKind.Step && p.Step % 40 == 0)
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   stage 1 step {p.Step,4}/{p.TotalSteps}  SupCon loss {p.Loss:F4}"));
            };
            stage1.Pretrain(source, encoderPath).Network.Dispose();
        }
        Console.WriteLine($"2. stage 1: encoder pretrained for {pretrainSteps} steps with the contrastive loss alone, saved to {encoderPath}");
        options = options with { Training = training with { Steps = steps - pretrainSteps }, EncoderPath = encoderPath };
    }
    using SegmentationModel model = new MLContext().Segmentation().Trainers.SemanticContrastive(options).Fit(train);
    Console.WriteLine(joint
        ? $"3. trained jointly (segmentation + λ = {method.Lambda.ToString(CultureInfo.InvariantCulture)} × contrastive) for {steps} steps"
        : $"3. stage 2: the U-Net fine-tuned for segmentation from the pretrained encoder for {steps - pretrainSteps} steps");

    string onnxPath = Path.Combine(output, "contrastive.onnx"), metricsPath = Path.Combine(output, "metrics.json");
    model.ExportToOnnx(onnxPath);
    MetricsReport report = model.Evaluate(FolderDataset.Open(testFolder), surfaceDistances: false);
    AtomicFile.WriteAllText(metricsPath, report.ToJson());
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"4. exported {onnxPath}; test Dice per object class: " +
        $"{string.Join(", ", report.Classes.Where(c => c.Class > 0).Select(c => $"{c.Name} {c.Dice.Mean:F3}"))} (mean {report.ClassMeanDice:F3})"));

    using var segmenter = new OnnxSegmenter(onnxPath);
    string firstTestImage = Directory.GetFiles(Path.Combine(testFolder, "images")).Min(StringComparer.Ordinal)!;
    SegmentationResult scored = segmenter.ScoreFiles([firstTestImage], Path.Combine(output, "masks")).Single();
    Console.WriteLine($"5. scored {Path.GetFileName(scored.Source)} through ONNX Runtime: classes present {string.Join(", ", scored.Labels.DistinctLabels().Select(c => segmenter.Model.ClassNames[c]))}");
    Console.WriteLine($"metrics: {metricsPath}\nmask:    {scored.MaskPath}");
    return 0;
}
