using MLSegmentation.Networks;
using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;
using MLSegmentation.Trainers.Methods;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;

namespace MLSegmentation.Trainers.Tests;

public class CoLabTrainingTests
{
    private static readonly UNetOptions SmallNet = new() { Depth = 2, BaseWidth = 8 };
    private static readonly SyntheticOptions Task = new() { Height = 32, Width = 32, ClassCount = 2, BackgroundHeterogeneity = 1 };
    private static readonly CoLabOptions Fast = new() { TaskUpdateEvery = 2, TauSub = 4, TauDev = 4, GeneratorLearningRate = 1e-3 };

    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("mlseg-colab-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void TrainsWithTheOneLoopAndUpdatesTheGenerator()
    {
        var data = SyntheticBatches.Create(count: 32, batchSize: 4, seed: 7, options: Task);
        var options = new TrainerOptions { Steps = 40, LearningRate = 3e-3, ValidationEvery = 40, Seed = 2 };
        using var method = new CoLabMethod(Fast);
        var trainer = new SegmentationTrainer(method, SmallNet, options);
        TrainingResult result = trainer.Fit(data, data);
        using UNet net = result.Network;
        Assert.That(net.Options.Classes, Is.EqualTo(3), "C + K output channels");
        Assert.That(method.GeneratorUpdates, Is.GreaterThan(0), "meta steps updated the generator");
        Assert.That(result.ValidationDice, Has.Count.EqualTo(1), "validation sees C classes (merged)");
        double first = result.Losses.Take(8).Average(), last = result.Losses.TakeLast(8).Average();
        TestContext.Out.WriteLine($"loss {first:F3} → {last:F3}, Dice {result.ValidationDice![0]:F3}, generator updates {method.GeneratorUpdates}, skipped {method.SkippedMetaSteps}");
        Assert.That(last, Is.LessThan(first * 0.8));
    }

    [Test]
    public void ResumingFromACheckpointContinuesWithTheSameLossesAndGenerator()
    {
        var data = SyntheticBatches.Create(count: 16, batchSize: 2, seed: 5, options: Task);
        var net = SmallNet with { Depth = 3, DeepSupervision = true };
        var options = new TrainerOptions { Steps = 12, CheckpointEvery = 5, ValidationEvery = 0, Optimizer = OptimizerKind.Sgd, LearningRate = 0.01 };

        using var reference = new CoLabMethod(Fast);
        TrainingResult uninterrupted = new SegmentationTrainer(reference, net, options).Fit(data);
        uninterrupted.Network.Dispose();

        using var cancel = new CancellationTokenSource();
        using (var firstMethod = new CoLabMethod(Fast))
        {
            var first = new SegmentationTrainer(firstMethod, net, options);
            first.Progress += p =>
            {
                if (p.Kind == ProgressKind.Step && p.Step == 5) cancel.Cancel();
            };
            TrainingResult interrupted = first.Fit(data, checkpointFolder: _folder, cancellationToken: cancel.Token);
            interrupted.Network.Dispose();
            Assert.That(interrupted.StepsDone, Is.EqualTo(5));
        }

        torch.manual_seed(999);
        using var resumedMethod = new CoLabMethod(Fast);
        TrainingResult resumed = new SegmentationTrainer(resumedMethod, net, options).Fit(data, checkpointFolder: _folder, resume: true);
        resumed.Network.Dispose();
        Assert.That(resumed.Losses, Is.EqualTo(uninterrupted.Losses.Skip(5)));
        var expected = reference.Generator!.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        foreach ((string name, Parameter p) in resumedMethod.Generator!.named_parameters())
            Assert.That(p.SameAs(expected[name]), Is.True, $"generator parameter {name}");
    }

    [TestCase(false)]
    [TestCase(true)]
    public void WorksOnVolumesWithDeepSupervision(bool anisotropic)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        var netOptions = new UNetOptions
        {
            Dimensions = 3, Depth = 2, BaseWidth = 4, Classes = 3, DeepSupervision = true, Normalization = Normalization.Instance,
            DownsamplingFactors = anisotropic ? [[1, 2, 2], [2, 2, 2]] : null,
        };
        using var net = new UNet(netOptions);
        using var optimizer = torch.optim.SGD(net.parameters(), 0.01);
        var context = new TrainingContext(net, optimizer, new TrainerOptions { Steps = 10 }, classes: 2, torch.CPU);
        using var method = new CoLabMethod(Fast with { TauSub = 1, TauDev = 2 });
        method.Initialize(context);
        Assert.That(method.Generator!.Options.Classes, Is.EqualTo(2));
        var labels = new long[2 * 8 * 8 * 8];
        for (int z = 2; z < 5; z++)
        {
            for (int y = 3; y < 6; y++) labels[(z * 8 + y) * 8 + 4] = 1;
        }
        using var batch = new TrainingBatch(torch.randn([2, 1, 8, 8, 8]).DetachFromDisposeScope(), torch.tensor(labels, [2, 8, 8, 8]).DetachFromDisposeScope(), [0, 1]);
        var before = method.Generator.parameters().Select(p => p.clone()).ToList();
        Tensor loss = method.Loss(context, batch);
        Assert.That(double.IsFinite(loss.ToDouble()), Is.True);
        Assert.That(method.GeneratorUpdates, Is.EqualTo(2), "step 0 is a meta step: one generator update per sample");
        Assert.That(method.SkippedMetaSteps, Is.Zero);
        Assert.That(method.Generator.parameters().Zip(before).Any(p => !p.First.SameAs(p.Second)), Is.True, "the generator moved");
        Assert.That(method.Predict(net, batch.Images).shape, Is.EqualTo(new long[] { 2, 2, 8, 8, 8 }));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void AFrozenGeneratorKeepsItsInitialisation(bool freeze)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(4);
        using var net = new UNet(new UNetOptions { Depth = 1, BaseWidth = 4, Classes = 3 });
        using var optimizer = torch.optim.SGD(net.parameters(), 0.01);
        var context = new TrainingContext(net, optimizer, new TrainerOptions { Steps = 10 }, classes: 2, torch.CPU);
        using var method = new CoLabMethod(Fast with { TaskUpdateEvery = 1, FreezeGenerator = freeze });
        method.Initialize(context);
        Tensor[] initial = [.. method.Generator!.parameters().Select(p => p.detach().clone())];
        Tensor[] segmenter = [.. net.parameters().Select(p => p.detach().clone())];
        var labels = new long[2 * 16 * 16];
        for (int y = 5; y < 10; y++)
            for (int x = 4; x < 9; x++) labels[y * 16 + x] = labels[256 + (y + 2) * 16 + x] = 1;
        using var batch = new TrainingBatch(torch.randn([2, 1, 16, 16]).DetachFromDisposeScope(), torch.tensor(labels, [2, 16, 16]).DetachFromDisposeScope(), [0, 1]);
        for (int step = 0; step < 3; step++) // every step is a meta step unless frozen
        {
            optimizer.zero_grad();
            method.Loss(context, batch).backward();
            optimizer.step();
        }
        bool generatorUnchanged = method.Generator.parameters().Zip(initial).All(p => p.First.SameAs(p.Second));
        Assert.That(generatorUnchanged, Is.EqualTo(freeze), freeze ? "the frozen generator keeps its random initialisation" : "meta steps move the generator");
        Assert.That(method.GeneratorUpdates, Is.EqualTo(freeze ? 0 : 6));
        Assert.That(net.parameters().Zip(segmenter).Any(p => !p.First.SameAs(p.Second)), Is.True, "the segmenter trains either way");
    }

    [Test]
    public void CheckpointsFromAnotherMethodAreRefused()
    {
        var data = SyntheticBatches.Create(count: 4, batchSize: 2, seed: 1, options: Task);
        var options = new TrainerOptions { Steps = 1, ValidationEvery = 0 };
        new SegmentationTrainer(new BaselineMethod(), SmallNet, options).Fit(data, checkpointFolder: _folder).Network.Dispose();
        using var method = new CoLabMethod();
        var e = Assert.Throws<InvalidDataException>(() => new SegmentationTrainer(method, SmallNet, options with { Steps = 2 }).Fit(data, checkpointFolder: _folder, resume: true));
        Assert.That(e!.Message, Does.Contain("colab"));
    }
}
