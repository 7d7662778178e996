using Microsoft.ML;
using MLSegmentation.Networks;
using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Estimators;
using MLSegmentation.Trainers.Methods;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Trainers.Serialization;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;

namespace MLSegmentation.Trainers.Tests;

/// <summary>Any method started from a contrastive-pretrained encoder: <see cref="TrainerEstimatorOptions.PretrainedEncoder"/> and <see cref="PretrainedEncoderMethod"/>.</summary>
public class PretrainedEncoderTests
{
    private static readonly UNetOptions TinyNet = new() { Depth = 2, BaseWidth = 4, Normalization = Normalization.Batch };

    private static readonly string[] Methods = ["baseline", "colab", "masksup", "colab+masksup"];

    private string _folder = "";
    private string _encoder = "";

    [OneTimeSetUp]
    public void WriteDataAndEncoder()
    {
        _folder = Directory.CreateTempSubdirectory("mlseg-pretrained-").FullName;
        new SyntheticDatasetGenerator(new SyntheticOptions { Height = 16, Width = 16, ClassCount = 2 }, seed: 3).WriteFolder(Path.Combine(_folder, "data"), 4);
        _encoder = Path.Combine(_folder, "encoder.mlseg");
        torch.manual_seed(77);
        using var pretrained = new UNet(TinyNet);
        EncoderCheckpoint.Save(pretrained, _encoder);
    }

    [OneTimeTearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [TestCaseSource(nameof(Methods))]
    public void TheEncoderIsLoadedBeforeTheFirstStep(string name)
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var data = SyntheticBatches.Create(count: 2, batchSize: 2, seed: 1, options: new SyntheticOptions { Height = 16, Width = 16, ClassCount = 2 });
        using var method = new PretrainedEncoderMethod(Method(name), _encoder);
        TrainingResult result = new SegmentationTrainer(method, TinyNet, new TrainerOptions { Steps = 2, ValidationEvery = 0 }).Fit(data, cancellationToken: cancelled.Token);
        using UNet net = result.Network;
        Assert.That(result.StepsDone, Is.Zero);
        AssertEncoderIsTheFiles(net, parametersOnly: false);
    }

    [TestCaseSource(nameof(Methods))]
    public void EveryTrainerStartsFromTheEncoderAndAFrozenOneStaysAfterSteps(string name)
    {
        var steps = 0;
        using SegmentationModel model = Estimator(name, Options(_encoder, freeze: true) with
        {
            Progress = new ProgressCallback<TrainingProgress>(p => { if (p.Kind == ProgressKind.Step) steps++; }),
        }).Fit(FolderDataset.Open(Path.Combine(_folder, "data")));
        Assert.That(steps, Is.EqualTo(2));
        Assert.That(model.Method, Is.EqualTo(name + "+pretrained-encoder"));
        AssertEncoderIsTheFiles(model.Network, parametersOnly: true);
    }

    [Test]
    public void AnEncoderThatIsNotFrozenTrains()
    {
        using SegmentationModel model = Estimator("baseline", Options(_encoder, freeze: false)).Fit(FolderDataset.Open(Path.Combine(_folder, "data")));
        Dictionary<string, Tensor> saved = TensorArchive.Load(_encoder).Tensors("encoder");
        Assert.That(model.Network.named_parameters().Where(p => p.name.StartsWith(EncoderCheckpoint.Prefix, StringComparison.Ordinal))
            .Any(p => !((Tensor)p.parameter).SameAs(saved[p.name])), Is.True);
    }

    [Test]
    public void AMissingOrBadEncoderFailsInFitNamingTheFileBeforeAnyStep()
    {
        string missing = Path.Combine(_folder, "no-such-encoder.mlseg");
        string garbage = Path.Combine(_folder, "garbage.mlseg");
        File.WriteAllBytes(garbage, [1, 2, 3, 4, 5]);
        string notEncoder = Path.Combine(_folder, "not-an-encoder.mlseg");
        new TensorArchive { Metadata = { ["mlseg.checkpoint"] = "2" } }.Save(notEncoder);
        string otherShape = Path.Combine(_folder, "wider-encoder.mlseg");
        using (var wider = new UNet(TinyNet with { BaseWidth = 8 })) EncoderCheckpoint.Save(wider, otherShape);

        foreach ((string path, Type error) in new[] { (missing, typeof(FileNotFoundException)), (garbage, typeof(InvalidDataException)),
            (notEncoder, typeof(InvalidDataException)), (otherShape, typeof(InvalidDataException)) })
        {
            var steps = 0;
            SegmentationEstimator estimator = Estimator("colab", Options(path, freeze: false) with
            {
                Progress = new ProgressCallback<TrainingProgress>(p => { if (p.Kind == ProgressKind.Step) steps++; }),
            });
            Exception e = Assert.Throws(error, () => estimator.Fit(FolderDataset.Open(Path.Combine(_folder, "data"))).Dispose())!;
            Assert.That(e.Message, Does.Contain(path));
            Assert.That(steps, Is.Zero, path);
        }
    }

    [Test]
    public void FreezingNeedsAnEncoderAndTheTwoStageContrastiveTrainerTakesItsOwn()
    {
        var e = Assert.Throws<ArgumentException>(() => Estimator("baseline", Options(null, freeze: true)).Fit(FolderDataset.Open(Path.Combine(_folder, "data"))));
        Assert.That(e!.Message, Does.Contain("PretrainedEncoder"));
        SegmentationTrainers trainers = new MLContext(seed: 1).Segmentation().Trainers;
        Assert.Throws<ArgumentException>(() => trainers.SemanticContrastive(new SemanticContrastiveTrainerOptions { PretrainedEncoder = _encoder }));
        var joint = new SemanticContrastiveTrainerOptions { PretrainedEncoder = _encoder, Contrastive = new SemanticContrastiveOptions { Schedule = ContrastiveSchedule.Joint } };
        Assert.That(trainers.SemanticContrastive(joint).Name, Is.EqualTo("semantic-contrastive-joint"));
    }

    private static TrainingMethod Method(string name) => name switch
    {
        "baseline" => new BaselineMethod(),
        "colab" => new CoLabMethod(),
        "masksup" => new MaskSupMethod(new MaskSupOptions { MaskWorkers = 1 }),
        _ => new CoLabMaskSupMethod(maskSup: new MaskSupOptions { MaskWorkers = 1 }),
    };

    private static TrainerEstimatorOptions Options(string? encoder, bool freeze) => new()
    {
        Network = TinyNet, Training = new TrainerOptions { Steps = 2, BatchSize = 2, ValidationEvery = 0, LearningRate = 1e-2 },
        Workers = 1, Seed = 3, PretrainedEncoder = encoder, FreezeEncoder = freeze,
    };

    private static SegmentationEstimator Estimator(string name, TrainerEstimatorOptions shared)
    {
        SegmentationTrainers trainers = new MLContext(seed: 1).Segmentation().Trainers;
        return name switch
        {
            "baseline" => trainers.Baseline(With(new BaselineOptions(), shared)),
            "colab" => trainers.CoLab(With(new CoLabTrainerOptions(), shared)),
            "masksup" => trainers.MaskSup(With(new MaskSupTrainerOptions { MaskSup = new MaskSupOptions { MaskWorkers = 1 } }, shared)),
            _ => trainers.CoLabMaskSup(With(new CoLabMaskSupTrainerOptions { MaskSup = new MaskSupOptions { MaskWorkers = 1 } }, shared)),
        };
    }

    // The shared options on a method's options record (a record's `with` keeps its runtime type and the method's knobs).
    private static T With<T>(T options, TrainerEstimatorOptions shared) where T : TrainerEstimatorOptions => (T)((TrainerEstimatorOptions)options with
    {
        Network = shared.Network, Training = options.Training with { Steps = shared.Training.Steps, BatchSize = shared.Training.BatchSize, ValidationEvery = 0 },
        Workers = shared.Workers, Seed = shared.Seed, PretrainedEncoder = shared.PretrainedEncoder, FreezeEncoder = shared.FreezeEncoder, Progress = shared.Progress,
    });

    private void AssertEncoderIsTheFiles(UNet network, bool parametersOnly)
    {
        Dictionary<string, Tensor> saved = TensorArchive.Load(_encoder).Tensors("encoder");
        IEnumerable<(string Name, Tensor Value)> entries = parametersOnly
            ? network.named_parameters().Select(p => (p.name, (Tensor)p.parameter))
            : network.state_dict().Select(kv => (kv.Key, kv.Value));
        var encoder = entries.Where(e => e.Name.StartsWith(EncoderCheckpoint.Prefix, StringComparison.Ordinal)).ToList();
        Assert.That(encoder, Is.Not.Empty);
        foreach ((string key, Tensor value) in encoder)
            Assert.That(value.SameAs(saved[key]), Is.True, key);
    }
}
