using Microsoft.ML;
using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Estimators;
using MLSegmentation.Trainers.Metrics;
using MLSegmentation.Trainers.Serialization;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;

namespace MLSegmentation.Trainers.Tests;

public class EstimatorTests
{
    private string _folder = "";

    [OneTimeSetUp]
    public void WriteSyntheticFolder()
    {
        _folder = Directory.CreateTempSubdirectory("mlseg-estimator-").FullName;
        new SyntheticDatasetGenerator(new SyntheticOptions { Height = 40, Width = 40, ClassCount = 3 }, seed: 21).WriteFolder(_folder, 60);
    }

    [OneTimeTearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void AnEstimatorFitsADatasetEvaluatesSavesAndLoadsAModel()
    {
        var events = new List<TrainingProgress>();
        var (train, validation) = DatasetSplit.BySeed(FolderDataset.Open(_folder), validationFraction: 0.25, seed: 2);
        SegmentationEstimator trainer = new MLContext().Segmentation().Trainers.Baseline(new BaselineOptions
        {
            Preprocessing = new() { Size = [32, 32], Normalization = IntensityNormalization.Scale, ScaleFactor = 1 / 255.0 },
            Augmentations = [new RandomFlip(0, 0.5)],
            Training = new TrainerOptions { Steps = 120, LearningRate = 3e-3, ValidationEvery = 60 },
            Seed = 2,
            Network = new() { Depth = 2, BaseWidth = 8 },
            Workers = 2,
            Progress = new ProgressCallback<TrainingProgress>(events.Add),
        });

        using SegmentationModel model = trainer.Fit(train, validation);
        Assert.That(events.Count(e => e.Kind == ProgressKind.Step), Is.EqualTo(120));
        Assert.That(events.Select(e => e.Step).Where(s => s > 0), Is.Ordered, "the callback runs on the training thread, in step order");
        Assert.That(events.Count(e => e.Kind == ProgressKind.Validation), Is.EqualTo(2));
        Assert.That(model.ClassNames, Is.EqualTo(new[] { "background", "blob", "shape" }));
        Assert.That(model.Preprocessing.Size, Is.EqualTo(new[] { 32, 32 }));

        MetricsReport report = model.Evaluate(validation, surfaceDistances: false);
        TestContext.Out.WriteLine(report.ToTable());
        Assert.That(report.Images, Is.EqualTo(validation.Count));
        Assert.That(report.ClassMeanDice, Is.GreaterThan(0.5));

        // Predictions come back at each image's own size (40×40), not the network's (32×32).
        Image image = validation.Load(0).Image;
        LabelMap predicted = model.Predict(image);
        Assert.That(predicted.Size, Is.EqualTo(new[] { 40, 40 }));

        string path = Path.Combine(_folder, "model.mlseg");
        model.Save(path);
        using SegmentationModel loaded = SegmentationModel.Load(path);
        Assert.That(loaded.ClassNames, Is.EqualTo(model.ClassNames));
        Assert.That(loaded.Preprocessing, Is.EqualTo(model.Preprocessing).Using<Preprocessing>((a, b) =>
            a.Size!.SequenceEqual(b.Size!) && a.Normalization == b.Normalization && a.ScaleFactor == b.ScaleFactor));
        Assert.That(loaded.Predict(image).Data, Is.EqualTo(predicted.Data));
    }

    [Test]
    public void ImagesOfASizeThatIsNoMultipleOfTheNetworksTrainAndPredictAtTheirOwnSize()
    {
        var dataset = FolderDataset.Open(_folder);
        var deep = new MLContext().Segmentation().Trainers.Baseline(new BaselineOptions
        {
            Training = new TrainerOptions { Steps = 2, ValidationEvery = 0 },
            Network = new() { Depth = 4, BaseWidth = 4 },
        });
        using SegmentationModel model = deep.Fit(dataset);
        Assert.That(model.Preprocessing.Size, Is.Null, "40 is not a multiple of 2^4, and the data are not resized");
        Assert.That(model.Predict(dataset.Load(0).Image).Size, Is.EqualTo(new[] { 40, 40 }));
    }

    [Test]
    public void ACancelledDatasetFitThrowsAndReturnsNoModel()
    {
        using var cancellation = new CancellationTokenSource();
        var steps = 0;
        var trainer = new MLContext().Segmentation().Trainers.Baseline(new BaselineOptions
        {
            Training = new TrainerOptions { Steps = 50, ValidationEvery = 0 },
            Network = new() { Depth = 2, BaseWidth = 4 },
            Workers = 1,
            CancellationToken = cancellation.Token,
            Progress = new ProgressCallback<TrainingProgress>(p => { if (p.Kind == ProgressKind.Step && ++steps == 3) cancellation.Cancel(); }),
        });
        Assert.Throws<OperationCanceledException>(() => trainer.Fit(FolderDataset.Open(_folder)));
        Assert.That(steps, Is.LessThan(50));
    }

    [Test]
    public void LoadingSomethingElseNamesTheFile()
    {
        string path = Path.Combine(_folder, "not-a-model.mlseg");
        var archive = new TensorArchive();
        using (Tensor x = torch.zeros(2)) archive.AddTensors("x", new Dictionary<string, Tensor> { ["x"] = x });
        archive.Save(path);
        var e = Assert.Throws<InvalidDataException>(() => SegmentationModel.Load(path));
        Assert.That(e!.Message, Does.StartWith(path).And.Contain("not a segmentation model"));
    }

    [Test]
    public void LoadingAFileOfTheOldMsdFormatSaysItIsNoLongerRead()
    {
        string path = Path.Combine(_folder, "old-format.msd");
        File.WriteAllBytes(path, [.. "MLSEGSD\0"u8.ToArray(), 1, 0, 0, 0, 0, 0, 0, 0]);
        var e = Assert.Throws<InvalidDataException>(() => SegmentationModel.Load(path));
        Assert.That(e!.Message, Does.StartWith(path).And.Contain(".msd format").And.Contain("no longer reads"));
    }

    [Test]
    public void LoadingGarbageNamesTheFile()
    {
        string path = Path.Combine(_folder, "garbage.mlseg");
        File.WriteAllBytes(path, [.. Enumerable.Range(0, 256).Select(i => (byte)(i * 37 + 11))]);
        var e = Assert.Throws<InvalidDataException>(() => SegmentationModel.Load(path));
        Assert.That(e!.Message, Does.StartWith(path).And.Contain("not a model or checkpoint archive"));
    }
}
