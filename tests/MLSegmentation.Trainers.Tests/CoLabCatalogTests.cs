using Microsoft.ML;
using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Onnx;
using MLSegmentation.Trainers.Estimators;
using MLSegmentation.Trainers.Metrics;
using MLSegmentation.Trainers.Methods;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;

namespace MLSegmentation.Trainers.Tests;

public class CoLabCatalogTests
{
    [Test]
    public void TheEstimatorCatalogOffersCoLab()
    {
        var trainers = new Microsoft.ML.MLContext(seed: 4).Segmentation().Trainers;
        SegmentationEstimator estimator = trainers.CoLab(labelColumnName: "Mask", steps: 10, contextClasses: 2, metaGradient: MetaGradient.FiniteDifference);
        Assert.That(estimator.Name, Is.EqualTo("colab"));
        var options = (CoLabTrainerOptions)estimator.Options;
        Assert.That(options.CoLab.ContextClasses, Is.EqualTo(2));
        Assert.That(options.CoLab.MetaGradient, Is.EqualTo(MetaGradient.FiniteDifference));
        Assert.That((options.LabelColumnName, options.ImageColumnName, options.Training.Steps), Is.EqualTo(("Mask", "Image", 10)));
        Assert.That(options.Seed, Is.Null, "the seed comes from the MLContext");
        Assert.Throws<ArgumentOutOfRangeException>(() => trainers.CoLab(contextClasses: 0));
    }

    [Test]
    public void AnEstimatorTrainsAModelWithContextChannelsMergedIntoBackground()
    {
        string folder = Directory.CreateTempSubdirectory("mlseg-colab-catalog-").FullName;
        try
        {
            new SyntheticDatasetGenerator(new SyntheticOptions { Height = 32, Width = 32, ClassCount = 2 }, seed: 3).WriteFolder(folder, 8);
            var trainer = new MLContext(seed: 2).Segmentation().Trainers.CoLab(new CoLabTrainerOptions
            {
                Preprocessing = new() { Normalization = IntensityNormalization.Scale, ScaleFactor = 1 / 255.0 },
                Training = new TrainerOptions { Steps = 6, LearningRate = 3e-3, BatchSize = 2, ValidationEvery = 0 },
                Network = new() { Depth = 2, BaseWidth = 4 },
                Workers = 1,
            });
            using SegmentationModel model = trainer.Fit(FolderDataset.Open(folder));
            Assert.That(model.Method, Is.EqualTo("colab"));
            Assert.That(model.ContextChannels, Is.EqualTo(1));
            Assert.That(model.ContextMerge, Is.EqualTo(ContextMergeRule.ArgMaxThenMap), "METHODS.md's rule by default");
            Assert.That(model.Network.Options.Classes, Is.EqualTo(3));
            using var scope = torch.NewDisposeScope();
            Tensor x = torch.rand(1, 1, 32, 32);
            Tensor p = model.Probabilities(x), all = torch.nn.functional.softmax(model.Network.forward(x), 1);
            Assert.That(p.shape, Is.EqualTo(new long[] { 1, 2, 32, 32 }));
            Tensor background = torch.maximum(all.narrow(1, 0, 1), all.narrow(1, 2, 1));
            Assert.That((p.narrow(1, 0, 1) - background).abs().max().ToDouble(), Is.LessThan(1e-6), "background's score is the larger of background and context");
            Assert.That((p.narrow(1, 1, 1) - all.narrow(1, 1, 1)).abs().max().ToDouble(), Is.LessThan(1e-6));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestCase(ContextMergeRule.ArgMaxThenMap)]
    [TestCase(ContextMergeRule.MergeThenArgMax)]
    public void OneMergeRuleGivesTheSameLabelsInValidationTheSavedModelItsOnnxGraphAndEvaluation(ContextMergeRule rule)
    {
        string folder = Directory.CreateTempSubdirectory("mlseg-colab-merge-").FullName;
        try
        {
            new SyntheticDatasetGenerator(new SyntheticOptions { Height = 30, Width = 30, ClassCount = 3 }, seed: 5).WriteFolder(folder, 6);
            var dataset = FolderDataset.Open(folder);
            var colab = new CoLabOptions { ContextClasses = 2, Merge = rule };
            var trainer = new MLContext(seed: 2).Segmentation().Trainers.CoLab(new CoLabTrainerOptions
            {
                Preprocessing = new() { Normalization = IntensityNormalization.Scale, ScaleFactor = 1 / 255.0 },
                Training = new TrainerOptions { Steps = 4, LearningRate = 3e-3, BatchSize = 2, ValidationEvery = 0 },
                Network = new() { Depth = 2, BaseWidth = 4 },
                CoLab = colab,
                Workers = 1,
            });
            using SegmentationModel trained = trainer.Fit(dataset);
            Assert.That(trained.ContextMerge, Is.EqualTo(rule));

            Image[] images = [.. Enumerable.Range(0, dataset.Count).Select(i => dataset.Load(i).Image)];
            using var scope = torch.NewDisposeScope();
            var pixels = new float[images.Length * 30 * 30];
            for (int i = 0; i < images.Length; i++)
                trained.Preprocessing.ToInputNormalization().Apply(images[i].Data, pixels.AsSpan(i * 900, 900), channels: 1);
            Tensor x = torch.tensor(pixels, [images.Length, 1, 30, 30]);
            DisputeTheBackground(trained, x);

            // The rules must disagree on this model, or the comparison below cannot tell them apart.
            Tensor logits = trained.Network.forward(x);
            Tensor byArgMaxThenMap = CoLabMethod.MergeContext(logits, 2, ContextMergeRule.ArgMaxThenMap).argmax(1);
            Tensor byMergeThenArgMax = CoLabMethod.MergeContext(logits, 2, ContextMergeRule.MergeThenArgMax).argmax(1);
            Assert.That(byArgMaxThenMap.ne(byMergeThenArgMax).sum().ToInt64(), Is.GreaterThan(20));

            using var method = new CoLabMethod(colab);
            int[] validation = method.Predict(trained.Network, x).argmax(1).to(ScalarType.Int32).data<int>().ToArray();

            string path = Path.Combine(folder, "model.mlseg"), onnx = Path.Combine(folder, "model.onnx");
            trained.Save(path);
            using SegmentationModel loaded = SegmentationModel.Load(path);
            Assert.That(loaded.ContextMerge, Is.EqualTo(rule));
            int[] saved = [.. loaded.Transform(images).SelectMany(m => m.Data)];
            Assert.That(saved, Is.EqualTo(validation), "the saved model");

            loaded.ExportToOnnx(onnx);
            using var segmenter = new OnnxSegmenter(onnx);
            int[] graph = [.. segmenter.Score(images).SelectMany(r => r.Labels.Data)];
            Assert.That(graph, Is.EqualTo(validation), "the ONNX graph");

            var metrics = new MetricsAccumulator(new MetricsOptions(3) { ClassNames = loaded.ClassNames, SurfaceDistances = false });
            for (int i = 0; i < images.Length; i++)
                metrics.Add(validation.AsSpan(i * 900, 900), dataset.Load(i).Labels!.Data, [30, 30]);
            Assert.That(loaded.Evaluate(dataset, surfaceDistances: false).ToJson(), Is.EqualTo(metrics.Report().ToJson()), "evaluation");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Shifts the head's biases so that, on average, background holds 0.2, each context channel 0.15 and each ROI class 0.25: an ROI class is the largest single channel, background and context together outweigh it.</summary>
    private static void DisputeTheBackground(SegmentationModel model, Tensor x)
    {
        using var noGrad = torch.no_grad();
        Tensor mean = model.Network.forward(x).mean([0, 2, 3]);
        Tensor target = torch.tensor(new float[] { 0.2f, 0.25f, 0.25f, 0.15f, 0.15f }).log();
        model.Network.named_parameters().Single(p => p.name == "head.bias").parameter.add_(target - mean);
    }
}
