using MLSegmentation.Networks;
using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Estimators;
using MLSegmentation.Trainers.Methods;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;
using F = TorchSharp.torch.nn.functional;

namespace MLSegmentation.Trainers.Tests;

/// <summary>MaskSup as a method of the one training loop: gradients through both branches, training, exact resume, binary mode.</summary>
public class MaskSupTrainingTests
{
    private static readonly UNetOptions SmallNet = new() { Depth = 2, BaseWidth = 8 };

    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("mlseg-masksup-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void TheSimilarityTermReachesTheInputsThroughBothBranches()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(2);
        using var net = new UNet(SmallNet with { BaseWidth = 4, Classes = 3 });
        using var optimizer = torch.optim.SGD(net.parameters(), 0.01);
        var context = new TrainingContext(net, optimizer, new TrainerOptions { Seed = 6 }, 3, torch.CPU) { Step = 4 };
        using var method = new MaskSupMethod(new MaskSupOptions { Alpha = 0, Beta = 0, Gamma = 1 });
        method.Initialize(context);
        var images = torch.randn(new long[] { 2, 1, 16, 16 }).requires_grad_();
        using var batch = new TrainingBatch(images.alias(), torch.zeros(new long[] { 2, 16, 16 }, ScalarType.Int64), [5, 9]);

        Tensor loss = method.Loss(context, batch);
        Tensor total = torch.autograd.grad([loss], [images])[0]!;

        // The same two passes by hand, one branch cut at a time.
        Tensor masked = method.MaskedImages(4, batch);
        Tensor p1 = F.softmax(net.forward(images), 1), p2 = F.softmax(net.forward(masked), 1);
        Assert.That(loss.ToDouble(), Is.EqualTo(F.mse_loss(p1, p2).ToDouble()).Within(1e-7));
        Tensor throughClean = torch.autograd.grad([F.mse_loss(p1, p2.detach())], [images], retain_graph: true)[0]!;
        Tensor throughMasked = torch.autograd.grad([F.mse_loss(p1.detach(), p2)], [images])[0]!;
        Assert.That(throughClean.abs().max().ToDouble(), Is.GreaterThan(1e-6));
        Assert.That(throughMasked.abs().max().ToDouble(), Is.GreaterThan(1e-6));
        Assert.That(total.allclose(throughClean + throughMasked, rtol: 1e-4, atol: 1e-9), Is.True);

        // The masked branch sees nothing of the holes: its gradient there is exactly 0.
        Tensor holes = method.Masks.Batch(4, [5, 9], 16, 16).gt(0.5);
        Assert.That(throughMasked.masked_select(holes).abs().max().ToDouble(), Is.Zero);
    }

    [Test]
    public void ShortTrainingLowersTheLossAndTakesTheTrainersSeedForMasks()
    {
        var data = SyntheticBatches.Create(count: 32, batchSize: 4, seed: 5);
        var options = new TrainerOptions { Steps = 40, LearningRate = 3e-3, ValidationEvery = 0, Seed = 21 };
        using var method = new MaskSupMethod();
        TrainingResult result = new SegmentationTrainer(method, SmallNet, options).Fit(data);
        result.Network.Dispose();
        Assert.That(result.Losses.TakeLast(8).Average(), Is.LessThan(0.7 * result.Losses.Take(8).Average()));
        Assert.That(method.Masks.Seed, Is.EqualTo(21));
    }

    [Test]
    public void ResumingFromACheckpointContinuesWithTheSameLosses()
    {
        var data = SyntheticBatches.Create(count: 16, batchSize: 4, seed: 5);
        var options = new TrainerOptions { Steps = 24, CheckpointEvery = 8, ValidationEvery = 0, Optimizer = OptimizerKind.Sgd, LearningRate = 0.01 };
        MaskSupMethod Method() => new(new MaskSupOptions { MaskWorkers = 2 });

        TrainingResult uninterrupted = new SegmentationTrainer(Method(), SmallNet, options).Fit(data);
        uninterrupted.Network.Dispose();

        using var cancel = new CancellationTokenSource();
        var first = new SegmentationTrainer(Method(), SmallNet, options);
        first.Progress += p =>
        {
            if (p.Kind == ProgressKind.Step && p.Step == 8) cancel.Cancel();
        };
        TrainingResult interrupted = first.Fit(data, checkpointFolder: _folder, cancellationToken: cancel.Token);
        interrupted.Network.Dispose();
        Assert.That(interrupted.StepsDone, Is.EqualTo(8));
        Assert.That(interrupted.Losses, Is.EqualTo(uninterrupted.Losses.Take(8)));

        torch.manual_seed(12345);
        TrainingResult resumed = new SegmentationTrainer(new MaskSupMethod(new MaskSupOptions { MaskWorkers = 1 }), SmallNet, options)
            .Fit(data, checkpointFolder: _folder, resume: true);
        resumed.Network.Dispose();
        Assert.That(resumed.Losses, Is.EqualTo(uninterrupted.Losses.Skip(8)));
    }

    [Test]
    public void BinaryModeTrainsOneLogitAndValidatesOverTwoClasses()
    {
        var data = SyntheticBatches.Create(count: 8, batchSize: 4, seed: 2, options: new SyntheticOptions { Height = 32, Width = 32, ClassCount = 2 });
        var options = new TrainerOptions { Steps = 4, ValidationEvery = 4, LearningRate = 3e-3 };
        using var method = new MaskSupMethod(new MaskSupOptions { Mode = MaskSupMode.Binary });
        TrainingResult result = new SegmentationTrainer(method, SmallNet, options).Fit(data, data);
        using UNet net = result.Network;
        Assert.That(net.Options.Classes, Is.EqualTo(1));
        Assert.That(result.ValidationDice, Has.Count.EqualTo(1));
        Assert.That(result.Losses.All(double.IsFinite), Is.True);
        using var scope = torch.NewDisposeScope();
        var images = torch.rand(new long[] { 2, 1, 32, 32 });
        Tensor logits = method.Predict(net, images);
        Assert.That(logits.shape, Is.EqualTo(new long[] { 2, 2, 32, 32 }));
        Assert.That(logits.select(1, 0).abs().max().ToDouble(), Is.Zero);
        Assert.That(logits.select(1, 1).SameAs(net.forward(images).select(1, 0)), Is.True);
        Assert.Throws<ArgumentException>(() => method.OutputChannels(3));
    }

    [Test]
    public void TheEstimatorCatalogOffersMaskSup()
    {
        var trainers = new Microsoft.ML.MLContext(seed: 4).Segmentation().Trainers;
        SegmentationEstimator estimator = trainers.MaskSup(steps: 10, gamma: 0);
        Assert.That(estimator.Name, Is.EqualTo("masksup"));
        Assert.That(((MaskSupTrainerOptions)estimator.Options).MaskSup.Gamma, Is.Zero);
        Assert.That(estimator.Options.Training.Steps, Is.EqualTo(10));
        Assert.That(((MaskSupTrainerOptions)trainers.MaskSup(mode: MaskSupMode.Binary).Options).MaskSup.Mode, Is.EqualTo(MaskSupMode.Binary));
    }
}
