using Microsoft.ML;
using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Estimators;
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
            Assert.That(model.Network.Options.Classes, Is.EqualTo(3));
            using var scope = torch.NewDisposeScope();
            Tensor p = model.Probabilities(torch.rand(1, 1, 32, 32));
            Assert.That(p.shape, Is.EqualTo(new long[] { 1, 2, 32, 32 }));
            Assert.That(p.sum(1).sub(1).abs().max().ToDouble(), Is.LessThan(1e-5));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
