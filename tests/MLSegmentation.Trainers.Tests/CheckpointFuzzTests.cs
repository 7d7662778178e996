using MLSegmentation.Networks;
using MLSegmentation.Trainers.Estimators;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms.Tests;
using TorchSharp;

namespace MLSegmentation.Trainers.Tests;

/// <summary>Seeded mutants of a saved model (the archive format checkpoints share) (issue 17, item 1; the full run: bench/fuzz-files.sh).</summary>
public class CheckpointFuzzTests
{
    [Test]
    public void MutatedModelFilesLoadOrFailNamingTheFile()
    {
        string folder = Directory.CreateTempSubdirectory("mlseg-fuzz-model-").FullName;
        try
        {
            torch.manual_seed(3);
            string seedPath = Path.Combine(folder, "model.mlseg");
            using (var model = new SegmentationModel(new UNet(new UNetOptions { Depth = 1, BaseWidth = 4, Classes = 2 }), new Preprocessing(), ["background", "roi"], "baseline"))
                model.Save(seedPath);
            List<string> paths = FileMutations.WriteMutants(File.ReadAllBytes(seedPath), folder, "model", ".mlseg", 20261208);
            FileMutations.Campaign<InvalidDataException>("model archive", paths, path => SegmentationModel.Load(path).Dispose());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void ResumingFromAMutatedCheckpointContinuesOrFailsNamingTheFile()
    {
        string folder = Directory.CreateTempSubdirectory("mlseg-fuzz-checkpoint-").FullName;
        try
        {
            byte[] seed = File.ReadAllBytes(WriteCheckpoint(Path.Combine(folder, "written")));
            List<string> paths = FileMutations.WriteMutants(seed, folder, "last", ".mlseg", 20261203);
            string resume = Path.Combine(folder, "resume");
            string last = Path.Combine(resume, SegmentationTrainer.LastCheckpointName);
            Directory.CreateDirectory(resume);
            FileMutations.Campaign<InvalidDataException>("training checkpoint", paths, path =>
            {
                File.Copy(path, last, overwrite: true);
                Resume(resume);
            }, (e, _) => e.Message.Contains(last, StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestCase("steps_done", "2x", "steps_done is '2x'")]
    [TestCase("steps_done", "-1", "steps_done is '-1'")]
    [TestCase("best_score", "high", "best_score is 'high'")]
    [TestCase("mlseg.checkpoint", "1", "not a training checkpoint of format")]
    [TestCase("method", "colab", "written by method 'colab'")]
    public void ACheckpointWithBadMetadataIsRefusedNamingTheFileAndTheKey(string key, string value, string expected)
    {
        string folder = Directory.CreateTempSubdirectory("mlseg-checkpoint-metadata-").FullName;
        try
        {
            string path = WriteCheckpoint(folder);
            var archive = Serialization.TensorArchive.Load(path);
            archive.Metadata[key] = value;
            archive.Save(path);
            var e = Assert.Throws<InvalidDataException>(() => Resume(folder))!;
            Assert.That(e.Message, Does.StartWith(path).And.Contain(expected));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void ACheckpointWhoseGeneratorStateIsNotBytesIsRefusedBeforeLibtorchReadsIt()
    {
        string folder = Directory.CreateTempSubdirectory("mlseg-checkpoint-rng-").FullName;
        try
        {
            string path = WriteCheckpoint(folder);
            var archive = Serialization.TensorArchive.Load(path);
            using (var state = torch.zeros(5, torch.ScalarType.Float32))
                archive.AddTensors("rng", new Dictionary<string, torch.Tensor> { ["torch"] = state });
            archive.Save(path);
            var e = Assert.Throws<InvalidDataException>(() => Resume(folder))!;
            Assert.That(e.Message, Does.StartWith(path).And.Contain("part 'rng' holds no generator state"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static readonly UNetOptions TinyNet = new() { Depth = 1, BaseWidth = 4 };
    private static readonly TrainerOptions TwoSteps = new() { Steps = 2, ValidationEvery = 0, Optimizer = OptimizerKind.Adam };

    private static InMemoryBatchSource TinyData() =>
        SyntheticBatches.Create(count: 4, batchSize: 2, seed: 5, options: new Transforms.SyntheticOptions { Height = 16, Width = 16, ClassCount = 2 });

    /// <summary>Trains two steps with checkpoints into <paramref name="folder"/>; returns the last checkpoint's path.</summary>
    private static string WriteCheckpoint(string folder)
    {
        new SegmentationTrainer(new BaselineMethod(), TinyNet, TwoSteps).Fit(TinyData(), checkpointFolder: folder).Network.Dispose();
        return Path.Combine(folder, SegmentationTrainer.LastCheckpointName);
    }

    private static void Resume(string folder) =>
        new SegmentationTrainer(new BaselineMethod(), TinyNet, TwoSteps).Fit(TinyData(), checkpointFolder: folder, resume: true).Network.Dispose();

    [Test]
    public void AModelWhoseNetworkDescriptionIsMalformedJsonIsRefusedNamingTheFile()
    {
        // Found by the full fuzz run (mutant 567): a flipped byte in the network's JSON escaped as a JsonException.
        string folder = Directory.CreateTempSubdirectory("mlseg-model-json-").FullName;
        try
        {
            string good = Path.Combine(folder, "good.mlseg"), bad = Path.Combine(folder, "bad.mlseg");
            using (var model = new SegmentationModel(new UNet(new UNetOptions { Depth = 1, BaseWidth = 4, Classes = 2 }), new Preprocessing(), ["background", "roi"], "baseline"))
                model.Save(good);
            var archive = Serialization.TensorArchive.Load(good);
            archive.Metadata["network"] = archive.Metadata["network"].Replace("false", "falsn", StringComparison.Ordinal);
            archive.Save(bad);
            var e = Assert.Throws<InvalidDataException>(() => SegmentationModel.Load(bad))!;
            Assert.That(e.Message, Does.Contain(bad).And.Contain("network description is invalid"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
