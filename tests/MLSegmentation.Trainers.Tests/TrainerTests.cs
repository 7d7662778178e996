using MLSegmentation.Networks;
using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Trainers.Tests;

public class TrainerTests
{
    private static readonly UNetOptions SmallNet = new() { Depth = 2, BaseWidth = 8 };

    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("mlseg-trainer-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void BaselineReachesDiceOfPointEightOnTheSyntheticBenchmarkWithinTwoMinutes()
    {
        var train = SyntheticBatches.Create(count: 96, batchSize: 8, seed: 11);
        var validation = SyntheticBatches.Create(count: 24, batchSize: 8, seed: 11, firstIndex: 1000);
        var options = new TrainerOptions { Steps = 250, LearningRate = 3e-3, ValidationEvery = 250, Seed = 3 };
        var trainer = new SegmentationTrainer(new BaselineMethod(), SmallNet with { BaseWidth = 16 }, options);
        var clock = Stopwatch.StartNew();
        TrainingResult result = trainer.Fit(train, validation);
        using UNet net = result.Network;
        TestContext.Out.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s, validation Dice per class: {string.Join(", ", result.ValidationDice!.Select(d => d.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromMinutes(2)));
        Assert.That(result.ValidationDice!.Average(), Is.GreaterThanOrEqualTo(0.8));
        Assert.That(result.Losses.TakeLast(20).Average(), Is.LessThan(result.Losses.Take(20).Average() / 2));
    }

    [Test]
    [TestCase(OptimizerKind.Sgd, false)]
    [TestCase(OptimizerKind.Adam, true)]
    public void ResumingFromACheckpointContinuesWithTheSameLosses(OptimizerKind optimizer, bool amsgrad)
    {
        var data = SyntheticBatches.Create(count: 16, batchSize: 4, seed: 5);
        var options = new TrainerOptions { Steps = 60, CheckpointEvery = 10, ValidationEvery = 0, Optimizer = optimizer, Amsgrad = amsgrad, LearningRate = 0.01 };

        TrainingResult uninterrupted = new SegmentationTrainer(new BaselineMethod(), SmallNet, options).Fit(data);
        uninterrupted.Network.Dispose();

        using var cancel = new CancellationTokenSource();
        var first = new SegmentationTrainer(new BaselineMethod(), SmallNet, options);
        first.Progress += p =>
        {
            if (p.Kind == ProgressKind.Step && p.Step == 10) cancel.Cancel();
        };
        TrainingResult interrupted = first.Fit(data, checkpointFolder: _folder, cancellationToken: cancel.Token);
        interrupted.Network.Dispose();
        Assert.That(interrupted.Cancelled, Is.True);
        Assert.That(interrupted.StepsDone, Is.EqualTo(10));
        Assert.That(File.Exists(Path.Combine(_folder, SegmentationTrainer.LastCheckpointName)), Is.True);

        torch.manual_seed(12345); // whatever the generator holds now, the checkpoint's state wins
        TrainingResult resumed = new SegmentationTrainer(new BaselineMethod(), SmallNet, options).Fit(data, checkpointFolder: _folder, resume: true);
        resumed.Network.Dispose();
        Assert.That(resumed.Losses, Has.Count.EqualTo(50));
        Assert.That(resumed.Losses, Is.EqualTo(uninterrupted.Losses.Skip(10)));
    }

    [Test]
    public void ResumeWithoutACheckpointNamesTheMissingFile()
    {
        var data = SyntheticBatches.Create(count: 4, batchSize: 2, seed: 1);
        var trainer = new SegmentationTrainer(new BaselineMethod(), SmallNet, new TrainerOptions { Steps = 2 });
        var e = Assert.Throws<FileNotFoundException>(() => trainer.Fit(data, checkpointFolder: _folder, resume: true));
        Assert.That(e!.Message, Does.Contain(Path.Combine(_folder, SegmentationTrainer.LastCheckpointName)));
    }

    [Test]
    public void ProgressReportsEveryStepValidationAndTheEnd()
    {
        var data = SyntheticBatches.Create(count: 8, batchSize: 4, seed: 2);
        var events = new List<TrainingProgress>();
        var trainer = new SegmentationTrainer(new BaselineMethod(), SmallNet, new TrainerOptions { Steps = 6, ValidationEvery = 3, CheckpointEvery = 4 });
        trainer.Progress += events.Add;
        trainer.Fit(data, data, _folder).Network.Dispose();
        Assert.That(events.Count(e => e.Kind == ProgressKind.Step), Is.EqualTo(6));
        Assert.That(events.Where(e => e.Kind == ProgressKind.Validation).Select(e => e.Step), Is.EqualTo(new long[] { 3, 6 }));
        Assert.That(events.Where(e => e.Kind == ProgressKind.Checkpoint).Select(e => e.Step), Is.EqualTo(new long[] { 4, 6 }));
        Assert.That(events[^1].Kind, Is.EqualTo(ProgressKind.Finished));
        Assert.That(events[^1].Message, Is.EqualTo("completed"));
        Assert.That(events.First(e => e.Kind == ProgressKind.Step).ImagesPerSecond, Is.GreaterThan(0));
        Assert.That(File.Exists(Path.Combine(_folder, SegmentationTrainer.BestModelName)), Is.True);
    }
}
