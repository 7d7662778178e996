using MLSegmentation.Networks;
using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;
using MLSegmentation.Trainers.Estimators;
using MLSegmentation.Trainers.Methods;
using MLSegmentation.Trainers.Serialization;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Trainers.Tests;

public class ContrastiveTrainingTests
{
    private static readonly UNetOptions SmallNet = new() { Depth = 2, BaseWidth = 8 };

    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("mlseg-contrastive-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    private static Dictionary<string, float[]> Values(UNet network, Func<string, bool> which)
    {
        Dictionary<string, Tensor> state = network.state_dict();
        return state.Where(kv => which(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value.to(ScalarType.Float32).contiguous().data<float>().ToArray());
    }

    private static bool IsEncoder(string key) => key.StartsWith(EncoderCheckpoint.Prefix, StringComparison.Ordinal);

    [Test]
    public void StageOneTrainsOnlyTheEncoderAndStageTwoStartsFromItsCheckpoint()
    {
        var data = SyntheticBatches.Create(count: 8, batchSize: 4, seed: 3);
        var options = new TrainerOptions { Steps = 6, ValidationEvery = 0, Seed = 2 };
        var method = new SemanticContrastiveOptions { PretrainSteps = 3, PretrainLearningRate = 0.05 };
        string encoderPath = Path.Combine(_folder, "encoder.mlseg");
        TrainingResult stage1 = new SemanticContrastiveTrainer(method, SmallNet, options).Pretrain(data, encoderPath);
        using UNet pretrained = stage1.Network;
        Assert.That(stage1.StepsDone, Is.EqualTo(3));

        torch.manual_seed(2);
        using var initial = new UNet(SmallNet with { InputChannels = 1, Classes = 3 });
        Dictionary<string, float[]> start = Values(initial, _ => true), after = Values(pretrained, _ => true);
        Assert.That(after.Where(kv => IsEncoder(kv.Key)).Any(kv => !kv.Value.SequenceEqual(start[kv.Key])), Is.True, "stage 1 moves the encoder");
        Assert.That(after.Where(kv => !IsEncoder(kv.Key)).All(kv => kv.Value.SequenceEqual(start[kv.Key])), Is.True, "stage 1 leaves the decoder and head as initialised");

        // any network of the configuration loads the encoder: equal tensors
        torch.manual_seed(99);
        using var fresh = new UNet(SmallNet with { InputChannels = 1, Classes = 3 });
        Assert.That(EncoderCheckpoint.Load(fresh, encoderPath), Is.EqualTo(after.Keys.Count(IsEncoder)));
        Dictionary<string, float[]> loaded = Values(fresh, IsEncoder);
        Assert.That(loaded.All(kv => kv.Value.SequenceEqual(after[kv.Key])), Is.True);

        // stage 2 through the trainer, encoder frozen: its weights stay the pretrained ones, the decoder trains
        using var stage2Method = new PretrainedEncoderMethod(new BaselineMethod(), encoderPath, freezeEncoder: true);
        TrainingResult stage2 = new SegmentationTrainer(stage2Method, SmallNet, options with { Steps = 2 }).Fit(data);
        using UNet finetuned = stage2.Network;
        var parameterNames = finetuned.named_parameters().Select(p => p.name).ToHashSet();
        Dictionary<string, float[]> final = Values(finetuned, parameterNames.Contains);
        Assert.That(final.Where(kv => IsEncoder(kv.Key)).All(kv => kv.Value.SequenceEqual(after[kv.Key])), Is.True, "frozen encoder keeps the pretrained weights");
        Assert.That(final.Where(kv => !IsEncoder(kv.Key)).Any(kv => !kv.Value.SequenceEqual(start[kv.Key])), Is.True, "the decoder trains");
    }

    [Test]
    public void TwoStageFitWritesTheEncoderAndSpendsTheRestOfTheBudgetOnFineTuning()
    {
        var data = SyntheticBatches.Create(count: 8, batchSize: 2, seed: 4);
        var trainer = new SemanticContrastiveTrainer(new SemanticContrastiveOptions { PretrainSteps = 2 }, SmallNet, new TrainerOptions { Steps = 5, ValidationEvery = 0 });
        var steps = new List<long>();
        trainer.Progress += p => { if (p.Kind == ProgressKind.Step) steps.Add(p.Step); };
        TrainingResult result = trainer.Fit(data, checkpointFolder: _folder);
        using UNet network = result.Network;
        Assert.That(steps, Is.EqualTo(new long[] { 1, 2, 1, 2, 3 }));
        Assert.That(File.Exists(Path.Combine(_folder, SemanticContrastiveTrainer.EncoderName)), Is.True);
        Assert.That(network.named_parameters().Select(p => p.name), Has.None.Contains("projection"));
        TensorArchive checkpoint = TensorArchive.Load(Path.Combine(_folder, SemanticContrastiveTrainer.PretrainFolder, SegmentationTrainer.LastCheckpointName));
        Assert.That(checkpoint.Parts, Does.Contain("method.head"), "stage 1's checkpoint holds the projection head");
        Assert.That(checkpoint.Parts, Does.Contain("method.head_optimizer"));
        Dictionary<string, Tensor> head = checkpoint.Tensors("method.head");
        Assert.That(head.Keys, Is.EquivalentTo(new[] { "layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias" }), "the projection head's PyTorch names");
        foreach (Tensor t in head.Values) t.Dispose();
    }

    [Test]
    public void InputChannelPretrainingAddsAMaskChannelThatStageTwoDrops()
    {
        var data = SyntheticBatches.Create(count: 8, batchSize: 2, seed: 6);
        var method = new SemanticContrastiveOptions { Attention = AttentionMode.InputChannel, PretrainSteps = 2 };
        string encoderPath = Path.Combine(_folder, "encoder.mlseg");
        TrainingResult stage1 = new SemanticContrastiveTrainer(method, SmallNet, new TrainerOptions { Steps = 4, ValidationEvery = 0 }).Pretrain(data, encoderPath);
        using UNet pretrained = stage1.Network;
        Assert.That(pretrained.Options.InputChannels, Is.EqualTo(2));
        using var segmenter = new UNet(SmallNet with { InputChannels = 1, Classes = 3 });
        EncoderCheckpoint.Load(segmenter, encoderPath);
        (string name, Parameter firstConvolution) = segmenter.named_parameters().First();
        Tensor pretrainedConvolution = pretrained.named_parameters().First(p => p.name == name).parameter;
        Assert.That(pretrainedConvolution.size(1), Is.EqualTo(2));
        Assert.That(firstConvolution.contiguous().data<float>().ToArray(), Is.EqualTo(pretrainedConvolution.narrow(1, 0, 1).contiguous().data<float>().ToArray()));
    }

    [Test]
    public void JointTrainingLowersTheLossAndResumesExactly()
    {
        var data = SyntheticBatches.Create(count: 16, batchSize: 4, seed: 5);
        var options = new TrainerOptions { Steps = 24, CheckpointEvery = 6, ValidationEvery = 0, LearningRate = 3e-3, Seed = 7 };
        var method = new SemanticContrastiveOptions { Schedule = ContrastiveSchedule.Joint };

        TrainingResult uninterrupted = new SemanticContrastiveTrainer(method, SmallNet, options).Fit(data);
        uninterrupted.Network.Dispose();
        Assert.That(uninterrupted.Losses.TakeLast(6).Average(), Is.LessThan(uninterrupted.Losses.Take(6).Average()));

        using var cancel = new CancellationTokenSource();
        var first = new SemanticContrastiveTrainer(method, SmallNet, options);
        first.Progress += p =>
        {
            if (p.Kind == ProgressKind.Step && p.Step == 12) cancel.Cancel();
        };
        TrainingResult interrupted = first.Fit(data, checkpointFolder: _folder, cancellationToken: cancel.Token);
        interrupted.Network.Dispose();
        Assert.That(interrupted.StepsDone, Is.EqualTo(12));

        torch.manual_seed(12345);
        TrainingResult resumed = new SemanticContrastiveTrainer(method, SmallNet, options).Fit(data, checkpointFolder: _folder, resume: true);
        resumed.Network.Dispose();
        Assert.That(resumed.Losses, Is.EqualTo(uninterrupted.Losses.Skip(12)));
    }

    [Test]
    public void TheEstimatorCatalogOffersBothStagesJointTrainingAndFineTuningFromAnEncoder()
    {
        var trainers = new Microsoft.ML.MLContext(seed: 6).Segmentation().Trainers;
        SegmentationEstimator twoStages = trainers.SemanticContrastive(steps: 10);
        Assert.That(twoStages.Name, Is.EqualTo("semantic-contrastive"));
        Assert.That(((SemanticContrastiveTrainerOptions)twoStages.Options).Contrastive.Schedule, Is.EqualTo(ContrastiveSchedule.PretrainThenFinetune));
        SegmentationEstimator joint = trainers.SemanticContrastive(steps: 10, lambda: 0.2, schedule: ContrastiveSchedule.Joint);
        Assert.That(joint.Name, Is.EqualTo("semantic-contrastive-joint"));
        Assert.That(((SemanticContrastiveTrainerOptions)joint.Options).Contrastive.Lambda, Is.EqualTo(0.2));
        Assert.That(joint.Options.Training.Steps, Is.EqualTo(10));
        Assert.That(trainers.SemanticContrastive(steps: 10, encoderPath: "encoder.mlseg").Name, Is.EqualTo("semantic-contrastive-finetune"));
    }
}
