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
    public void PipelineFitsEvaluatesSavesAndLoadsAModel()
    {
        var ctx = new SegmentationContext(seed: 2);
        var events = new List<TrainingProgress>();
        ctx.Progress += events.Add;
        var (train, validation) = DatasetSplit.BySeed(FolderDataset.Open(_folder), validationFraction: 0.25, seed: 2);
        var pipeline = ctx.Transforms.Resize(32, 32)
            .Append(ctx.Transforms.Scale())
            .Append(ctx.Transforms.RandomFlip())
            .Append(ctx.Trainers.Baseline(new BaselineOptions
            {
                Training = new TrainerOptions { Steps = 120, LearningRate = 3e-3, ValidationEvery = 60, Seed = 2 },
                Network = new() { Depth = 2, BaseWidth = 8 },
                Workers = 2,
            }));

        using SegmentationModel model = pipeline.Fit(train, validation);
        Assert.That(events.Count(e => e.Kind == ProgressKind.Step), Is.EqualTo(120));
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
    public void FitChecksTheDataBeforeTraining()
    {
        var ctx = new SegmentationContext();
        var dataset = FolderDataset.Open(_folder);
        var tooDeep = ctx.Transforms.Resize(36, 36).Append(ctx.Trainers.Baseline(new BaselineOptions { Network = new() { Depth = 3 } }));
        var e = Assert.Throws<ArgumentException>(() => tooDeep.Fit(dataset));
        Assert.That(e!.Message, Does.Contain("36×36 is not divisible by 2^Depth = 8"));

        var noTrainer = ctx.Transforms.Resize(32, 32);
        Assert.That(() => noTrainer.Fit(dataset), Throws.InvalidOperationException.With.Message.Contains("no trainer"));
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
