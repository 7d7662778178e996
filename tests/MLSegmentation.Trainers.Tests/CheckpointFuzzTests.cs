using MLSegmentation.Networks;
using MLSegmentation.Trainers.Estimators;
using MLSegmentation.Trainers.Segmenters;
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
