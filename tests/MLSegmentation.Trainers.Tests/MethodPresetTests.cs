using Microsoft.ML;
using MLSegmentation.Networks;
using MLSegmentation.Onnx;
using MLSegmentation.Trainers.Estimators;
using MLSegmentation.Trainers.Methods;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;
using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace MLSegmentation.Trainers.Tests;

/// <summary>Each method's paper preset (optimizer, schedule, normalisation) starts its ML.NET trainer's options and reaches the optimizer the loop builds.</summary>
public class MethodPresetTests
{
    private static readonly UNetOptions SmallNet = new() { Depth = 2, BaseWidth = 4 };

    private string _folder = "";

    [OneTimeSetUp]
    public void WriteData()
    {
        _folder = Directory.CreateTempSubdirectory("mlseg-presets-").FullName;
        new SyntheticDatasetGenerator(new SyntheticOptions { Height = 32, Width = 32, ClassCount = 2 }, seed: 8).WriteFolder(_folder, 8);
    }

    [OneTimeTearDown]
    public void Remove() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void EachMethodsTrainerOptionsStartFromItsPaperPreset()
    {
        var colab = new CoLabTrainerOptions();
        Assert.That(Summary(colab.Training), Is.EqualTo((OptimizerKind.Sgd, 1e-2, 0.99, true, 3e-5, false, ScheduleKind.Poly)));
        Assert.That((colab.Network.Normalization, colab.Network.Depth, colab.Network.BaseWidth), Is.EqualTo((Normalization.Instance, 3, 16)), "the preset's normalisation, the shared network otherwise");
        var masksup = new MaskSupTrainerOptions();
        Assert.That(Summary(masksup.Training), Is.EqualTo((OptimizerKind.Adam, 1e-4, 0.0, false, 1e-5, true, ScheduleKind.Poly)));
        Assert.That(masksup.Network.Normalization, Is.EqualTo(Normalization.Batch));
        var baseline = new BaselineOptions();
        Assert.That(Summary(baseline.Training), Is.EqualTo((OptimizerKind.Adam, 1e-3, 0.99, true, 3e-5, false, ScheduleKind.Poly)), "the baseline keeps today's defaults");
        Assert.That(MethodPreset.Of(baseline.Training, baseline.Network.Normalization), Is.EqualTo(MethodPreset.Baseline));
        var contrastive = new SemanticContrastiveTrainerOptions();
        Assert.That(contrastive.Contrastive.Schedule, Is.EqualTo(ContrastiveSchedule.PretrainThenFinetune));
        Assert.That(contrastive.Training, Is.EqualTo(new TrainerOptions()), "stage 2 trains like the baseline");
        Assert.That((contrastive.Contrastive.PretrainLearningRate, contrastive.Contrastive.PretrainMomentum, contrastive.Contrastive.PretrainWeightDecay), Is.EqualTo((5e-4, 0.9, 1e-4)));

        var trainers = new MLContext(seed: 1).Segmentation().Trainers;
        Assert.That(Summary(trainers.CoLab(steps: 10).Options.Training), Is.EqualTo(Summary(colab.Training)), "the simple overload keeps the preset");
        Assert.That(trainers.CoLab(steps: 10, learningRate: 3e-3).Options.Training, Has.Property("LearningRate").EqualTo(3e-3).And.Property("Optimizer").EqualTo(OptimizerKind.Sgd));
        Assert.That(trainers.CoLab(steps: 10).Options.Network.Normalization, Is.EqualTo(Normalization.Instance));
        Assert.That(trainers.MaskSup(steps: 10).Options.Training, Has.Property("LearningRate").EqualTo(1e-4).And.Property("Amsgrad").True);
    }

    [Test]
    public void ThePresetsReachTheOptimizerTheLoopBuilds()
    {
        Assert.That(Optimizer(new CoLabTrainerOptions().Training), Is.EqualTo(("SGD", 1e-2, 0.99, true, 3e-5, (bool?)null)));
        Assert.That(Optimizer(new MaskSupTrainerOptions().Training), Is.EqualTo(("Adam", 1e-4, (double?)null, (bool?)null, 1e-5, true)));
        Assert.That(Optimizer(new TrainerOptions()), Is.EqualTo(("Adam", 1e-3, (double?)null, (bool?)null, 3e-5, false)));
        var stage1 = new SemanticContrastiveTrainer(new SemanticContrastiveOptions(), SmallNet, new TrainerOptions()).PretrainingOptions;
        Assert.That(Optimizer(stage1), Is.EqualTo(("SGD", 5e-4, 0.9, false, 1e-4, (bool?)null)));
    }

    [Test]
    public void TheContrastiveEstimatorRunsBothStagesWithStageOnesPreset()
    {
        var progress = new List<TrainingProgress>();
        SegmentationEstimator estimator = new MLContext(seed: 3).Segmentation().Trainers.SemanticContrastive(new SemanticContrastiveTrainerOptions
        {
            Training = new TrainerOptions { Steps = 4, BatchSize = 4, ValidationEvery = 0 },
            Network = SmallNet,
            Contrastive = new SemanticContrastiveOptions { PretrainSteps = 2 },
            Progress = new ProgressCallback<TrainingProgress>(progress.Add),
        });
        using SegmentationModel model = estimator.Fit(FolderDataset.Open(_folder));
        TrainingProgress[] steps = [.. progress.Where(p => p.Kind == ProgressKind.Step)];
        Assert.That(steps.Select(p => (p.Step, p.TotalSteps)), Is.EqualTo(new[] { (1L, 2L), (2L, 2L), (1L, 2L), (2L, 2L) }), "stage 1, then stage 2");
        Assert.That(steps[0].LearningRate, Is.LessThanOrEqualTo(5e-4).And.GreaterThan(1e-4), "stage 1 on SGD 5e-4 (cosine)");
        Assert.That(steps[2].LearningRate, Is.LessThanOrEqualTo(1e-3).And.GreaterThan(4e-4), "stage 2 on the run's Adam 1e-3 (poly)");
        Assert.That((model.Method, model.Classes, model.Network.Options.Classes), Is.EqualTo(("semantic-contrastive", 2, 2)));
    }

    [Test]
    public void BinaryMaskSupFromTheEstimatorScoresAndExportsAsTwoClasses()
    {
        var progress = new List<TrainingProgress>();
        SegmentationEstimator estimator = new MLContext(seed: 4).Segmentation().Trainers.MaskSup(new MaskSupTrainerOptions
        {
            Training = new MaskSupTrainerOptions().Training with { Steps = 2, BatchSize = 4, ValidationEvery = 0 },
            Network = SmallNet,
            MaskSup = new MaskSupOptions { Mode = MaskSupMode.Binary },
            Progress = new ProgressCallback<TrainingProgress>(progress.Add),
        });
        using SegmentationModel model = estimator.Fit(FolderDataset.Open(_folder));
        Assert.That(progress.First(p => p.Kind == ProgressKind.Step).LearningRate, Is.LessThanOrEqualTo(1e-4).And.GreaterThan(1e-5), "MaskSup's Adam 1e-4");
        Assert.That((model.BinaryLogit, model.Network.Options.Classes, model.Classes), Is.EqualTo((true, 1, 2)));
        using (Tensor p = model.Probabilities(torch.randn(2, 1, 32, 32)))
        {
            Assert.That(p.shape, Is.EqualTo(new long[] { 2, 2, 32, 32 }));
            Assert.That(p.sum(1).sub(1).abs().max().ToDouble(), Is.LessThan(1e-5));
        }

        string path = Path.Combine(_folder, "binary.mlseg");
        model.Save(path);
        using SegmentationModel loaded = SegmentationModel.Load(path);
        Assert.That(loaded.BinaryLogit, Is.True);
        string onnx = Path.Combine(_folder, "binary.onnx");
        loaded.ExportToOnnx(onnx);
        Assert.That(loaded.CompareWithEngine(onnx), Is.LessThan(1e-4), "the graph's probabilities are the engine's [1 − σ(z), σ(z)]");
        using var segmenter = new OnnxSegmenter(onnx);
        Assert.That((segmenter.Model.ClassCount, segmenter.Model.ClassNames.Count), Is.EqualTo((2, 2)), "the two-class contract");
    }

    private static (OptimizerKind, double, double, bool, double, bool, ScheduleKind) Summary(TrainerOptions t) =>
        (t.Optimizer, t.LearningRate, t.Momentum, t.Nesterov, t.WeightDecay, t.Amsgrad, t.Schedule);

    private static (string, double, double?, bool?, double?, bool?) Optimizer(TrainerOptions options)
    {
        var probe = new OptimizerProbe();
        var data = SyntheticBatches.Create(count: 4, batchSize: 2, seed: 1);
        new SegmentationTrainer(probe, SmallNet, options with { Steps = 1, ValidationEvery = 0 }).Fit(data).Network.Dispose();
        return probe.Seen ?? throw new InvalidOperationException("Initialize did not run");
    }

    /// <summary>The baseline's loss; keeps the kind and options of the optimizer's first parameter group as the loop built it.</summary>
    private sealed class OptimizerProbe : TrainingMethod
    {
        private readonly BaselineMethod _baseline = new();

        public (string Kind, double LearningRate, double? Momentum, bool? Nesterov, double? WeightDecay, bool? Amsgrad)? Seen { get; private set; }

        public override string Name => "probe";

        public override void Initialize(TrainingContext context) => Seen = context.Optimizer.ParamGroups.First() switch
        {
            SGD.ParamGroup g => ("SGD", g.LearningRate, g.Options.momentum, g.Options.nesterov, g.Options.weight_decay, null),
            Adam.ParamGroup g => ("Adam", g.LearningRate, null, null, g.Options.weight_decay, g.Options.amsgrad),
            var g => (g.GetType().FullName!, g.LearningRate, null, null, null, null),
        };

        public override Tensor Loss(TrainingContext context, TrainingBatch batch) => _baseline.Loss(context, batch);

        protected override void Dispose(bool disposing)
        {
            if (disposing) _baseline.Dispose();
            base.Dispose(disposing);
        }
    }
}
