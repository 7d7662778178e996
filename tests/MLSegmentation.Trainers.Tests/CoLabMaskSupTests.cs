using Microsoft.ML;
using MLSegmentation.Networks;
using MLSegmentation.Onnx;
using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Estimators;
using MLSegmentation.Trainers.Methods;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;
using F = TorchSharp.torch.nn.functional;

namespace MLSegmentation.Trainers.Tests;

/// <summary>colab+masksup: MaskSup's two branches against CoLab's soft targets, CoLab's meta step on the clean branch, CoLab's model.</summary>
public class CoLabMaskSupTests
{
    private static readonly UNetOptions TinyNet = new() { Depth = 2, BaseWidth = 4, Classes = 3 };
    private static readonly CoLabOptions Fast = new() { TaskUpdateEvery = 2, TauSub = 3, TauDev = 3, GeneratorLearningRate = 1e-2 };

    [Test]
    public void TheLossIsCoLabsTrainingLossOnBothBranchesPlusTheSimilarityOverAllChannels()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(4);
        using var net = new UNet(TinyNet);
        using var optimizer = torch.optim.SGD(net.parameters(), 0.01);
        var context = new TrainingContext(net, optimizer, new TrainerOptions { Seed = 6, Steps = 10 }, classes: 2, torch.CPU) { Step = 1 };
        var maskSup = new MaskSupOptions { Alpha = 0.5, Beta = 2, Gamma = 3, MaskWorkers = 1 };
        using var method = new CoLabMaskSupMethod(Fast, maskSup);
        method.Initialize(context);
        using TrainingBatch batch = Batch();

        double loss = method.Loss(context, batch).ToDouble();

        // By hand: CoLab's soft targets from the generator, MaskSup's masks of (seed 6, step 1, samples 3 and 8), the three terms.
        Tensor fade = CoLabTargets.DistanceFade(batch.Labels, Fast.TauSub, Fast.TauDev);
        Tensor targets = F.softmax(method.CoLab.Generator!.forward(batch.Images), 1);
        Tensor holes = new MaskSupMasks(maskSup.HoleMasks, 6).Batch(1, batch.SampleIndices, 16, 16);
        Tensor o1 = net.forward(batch.Images), o2 = net.forward(MaskSupMasks.Apply(batch.Images, holes, 0));
        Assert.That(o1.size(1), Is.EqualTo(3), "C + K channels");
        double clean = CoLabLosses.Train([o1], targets, batch.Labels, fade, 2).ToDouble();
        double masked = CoLabLosses.Train([o2], targets, batch.Labels, fade, 2).ToDouble();
        double similarity = F.mse_loss(F.softmax(o1, 1), F.softmax(o2, 1)).ToDouble();
        Assert.That(masked, Is.Not.EqualTo(clean).Within(1e-3), "the masked branch sees other inputs");
        Assert.That(similarity, Is.GreaterThan(1e-6));
        Assert.That(loss, Is.EqualTo(0.5 * clean + 2 * masked + 3 * similarity).Within(1e-6));
    }

    [Test]
    public void TheMetaStepUsesTheCleanBranchOnly()
    {
        using var scope = torch.NewDisposeScope();
        using TrainingBatch batch = Batch();
        (double Loss, Tensor[] Generator, long Updates) Step0(Func<TrainingMethod> create, Func<TrainingMethod, UNet> generator)
        {
            torch.manual_seed(9);
            using var net = new UNet(TinyNet);
            using var optimizer = torch.optim.SGD(net.parameters(), 0.05);
            var context = new TrainingContext(net, optimizer, new TrainerOptions { Seed = 2, Steps = 10 }, classes: 2, torch.CPU);
            using TrainingMethod method = create();
            method.Initialize(context);
            double loss = method.Loss(context, batch).ToDouble();
            CoLabMethod coLab = method as CoLabMethod ?? ((CoLabMaskSupMethod)method).CoLab;
            return (loss, [.. generator(method).parameters().Select(p => p.detach().clone())], coLab.GeneratorUpdates);
        }

        var initial = Step0(() => new CoLabMethod(Fast with { TaskUpdateEvery = 1000, GeneratorLearningRate = 0 }), m => ((CoLabMethod)m).Generator!);
        var coLab = Step0(() => new CoLabMethod(Fast), m => ((CoLabMethod)m).Generator!);
        var composed = Step0(() => new CoLabMaskSupMethod(Fast, new MaskSupOptions { MaskWorkers = 1 }), m => ((CoLabMaskSupMethod)m).CoLab.Generator!);

        Assert.That(coLab.Updates, Is.EqualTo(2), "step 0 is a meta step: one generator update per sample");
        Assert.That(composed.Updates, Is.EqualTo(2));
        Assert.That(coLab.Generator.Zip(initial.Generator).Any(p => !p.First.SameAs(p.Second)), Is.True, "the meta step moved the generator");
        for (int j = 0; j < coLab.Generator.Length; j++)
            Assert.That(composed.Generator[j].SameAs(coLab.Generator[j]), Is.True, $"generator parameter {j}: the same meta step with the masked branch present");
        Assert.That(composed.Loss, Is.Not.EqualTo(coLab.Loss).Within(1e-4), "the masked branch is in the composed loss");
    }

    [Test]
    public void TrainsOnTheOneLoopWithCoLabsChannelsAndPredictsTheTasksClasses()
    {
        var data = SyntheticBatches.Create(count: 8, batchSize: 2, seed: 3, options: new SyntheticOptions { Height = 16, Width = 16, ClassCount = 2 });
        using var method = new CoLabMaskSupMethod(Fast, new MaskSupOptions { MaskWorkers = 1 });
        TrainingResult result = new SegmentationTrainer(method, TinyNet, new TrainerOptions { Steps = 3, ValidationEvery = 3 }).Fit(data, data);
        using UNet net = result.Network;
        Assert.That(net.Options.Classes, Is.EqualTo(3), "CoLab's C + K output channels");
        Assert.That(method.OutputChannels(2), Is.EqualTo(3));
        Assert.That(method.ContextMerge, Is.EqualTo(ContextMergeRule.ArgMaxThenMap));
        Assert.That(method.SampleTransforms.Single(), Is.TypeOf<AddDistanceFade>());
        Assert.That(method.CoLab.GeneratorUpdates, Is.EqualTo(4), "meta steps at steps 0 and 2, two samples each");
        Assert.That(result.Losses.All(double.IsFinite), Is.True);
        Assert.That(result.ValidationDice, Has.Count.EqualTo(1), "validation sees C classes (merged)");
        using var scope = torch.NewDisposeScope();
        Tensor images = torch.randn([2, 1, 16, 16]);
        Assert.That(method.Predict(net, images).SameAs(CoLabMethod.MergeContext(net.forward(images), 1, ContextMergeRule.ArgMaxThenMap)), Is.True);
    }

    [Test]
    public void TheCatalogTrainsACoLabModelWithCoLabsPreset()
    {
        SegmentationTrainers trainers = new MLContext(seed: 1).Segmentation().Trainers;
        SegmentationEstimator estimator = trainers.CoLabMaskSup(steps: 2, batchSize: 2, contextClasses: 2, gamma: 0.5);
        var options = (CoLabMaskSupTrainerOptions)estimator.Options;
        Assert.That(estimator.Name, Is.EqualTo("colab+masksup"));
        Assert.That((options.Training.Optimizer, options.Training.LearningRate, options.Network.Normalization), Is.EqualTo((OptimizerKind.Sgd, 1e-2, Normalization.Instance)));
        Assert.That((options.CoLab.ContextClasses, options.MaskSup.Gamma), Is.EqualTo((2, 0.5)));
        Assert.Throws<ArgumentException>(() => trainers.CoLabMaskSup(new CoLabMaskSupTrainerOptions { MaskSup = new MaskSupOptions { Mode = MaskSupMode.Binary } }));
        Assert.Throws<ArgumentException>(() => trainers.CoLabMaskSup(new CoLabMaskSupTrainerOptions { MaskSup = new MaskSupOptions { SegmentationLoss = new Losses.CrossEntropyLoss() } }));

        string folder = Directory.CreateTempSubdirectory("mlseg-colab-masksup-").FullName;
        try
        {
            new SyntheticDatasetGenerator(new SyntheticOptions { Height = 16, Width = 16, ClassCount = 2 }, seed: 5).WriteFolder(folder, 4);
            using SegmentationModel model = trainers.CoLabMaskSup(options with { Network = new() { Depth = 1, BaseWidth = 4 }, Workers = 1 }).Fit(FolderDataset.Open(folder));
            Assert.That((model.Method, model.ContextChannels, model.ContextMerge), Is.EqualTo(("colab+masksup", 2, ContextMergeRule.ArgMaxThenMap)));
            Assert.That(model.Network.Options.Classes, Is.EqualTo(4));
            Assert.That(model.Predict(FolderDataset.Open(folder).Load(0).Image).Data.Max(), Is.LessThan(2), "C classes after the merge");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Two 16×16 images with a square region of interest each (samples 3 and 8).</summary>
    private static TrainingBatch Batch()
    {
        var labels = new long[2 * 16 * 16];
        for (int y = 4; y < 9; y++)
        {
            for (int x = 5; x < 10; x++)
            {
                labels[y * 16 + x] = 1;
                labels[256 + (y + 3) * 16 + x - 2] = 1;
            }
        }
        torch.manual_seed(1);
        return new TrainingBatch(torch.randn([2, 1, 16, 16]).DetachFromDisposeScope(), torch.tensor(labels, [2, 16, 16]).DetachFromDisposeScope(), [3, 8]);
    }
}
