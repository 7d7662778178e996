using System.Text.Json;
using MLSegmentation.Trainers.Estimators;
using MLSegmentation.Trainers.Methods;
using MLSegmentation.Trainers.Serialization;
using TorchSharp;

namespace MLSegmentation.Cli.Tests;

/// <summary>The compositions on the command line: <c>--method colab+masksup</c>, and <c>--pretrained-encoder</c> from a contrastive run under another method.</summary>
public class CompositionCommandTests() : SyntheticDataFixture(count: 8, classes: 2)
{
    [Test]
    public void ColabPlusMaskSupTrainsWithCoLabsPresetAndExportsCoLabsContract()
    {
        JsonElement config = Train("colab-masksup", "colab+masksup", "--steps", "2");
        Assert.That(config.GetProperty("Training").GetProperty("Optimizer").GetString(), Is.EqualTo("Sgd"), "CoLab's preset");
        Assert.That(config.GetProperty("Network").GetProperty("Normalization").GetString(), Is.EqualTo("Instance"));
        string run = Path.Combine(Folder, "colab-masksup");
        Assert.That(File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Count(l => l.Contains("\"kind\":\"step\"", StringComparison.Ordinal)), Is.EqualTo(2));

        var export = Mlseg.Run("export", Path.Combine(run, "model.mlseg"));
        Assert.That(export.ExitCode, Is.EqualTo(0), export.Error);
        Assert.That(export.Output, Does.Contain("ONNX Runtime vs engine: max difference"));
        var inspect = Mlseg.Run("inspect", Path.Combine(run, "model.onnx"));
        Assert.That(inspect.Output, Does.Contain("probabilities: Float [N, 2, H, W]"), "C + K channels merged to C classes in the graph");
    }

    [Test]
    public void AnyMethodStartsFromTheEncoderOfAContrastiveRun()
    {
        Train("contrastive", "contrastive", "--steps", "2");
        string encoder = Path.Combine(Folder, "contrastive", "checkpoints", SemanticContrastiveTrainer.EncoderName);
        Assert.That(File.Exists(encoder), Is.True);

        JsonElement config = Train("colab-pretrained", "colab", "--steps", "2", "--pretrained-encoder", encoder, "--freeze-encoder");
        Assert.That(config.GetProperty("PretrainedEncoder").GetString(), Is.EqualTo(encoder));
        Assert.That(config.GetProperty("FreezeEncoder").GetBoolean(), Is.True);
        using (SegmentationModel model = SegmentationModel.Load(Path.Combine(Folder, "colab-pretrained", "model.mlseg")))
        {
            Dictionary<string, torch.Tensor> saved = TensorArchive.Load(encoder).Tensors("encoder");
            var frozen = model.Network.named_parameters().Where(p => p.name.StartsWith(EncoderCheckpoint.Prefix, StringComparison.Ordinal)).ToList();
            Assert.That(frozen, Is.Not.Empty);
            foreach ((string name, var parameter) in frozen)
                Assert.That(parameter.eq(saved[name]).all().item<bool>(), Is.True, name);
        }

        // A wider network has another encoder configuration: the error names the file.
        var mismatch = Mlseg.Run(["train", "--data", Data, "--method", "colab", "--steps", "2", "--batch-size", "4", "--depth", "2", "--width", "8", "--device", "cpu", "--quiet",
            "--out", Path.Combine(Folder, "colab-mismatch"), "--pretrained-encoder", encoder]);
        Assert.That(mismatch.ExitCode, Is.EqualTo(1));
        Assert.That(mismatch.Error, Does.Contain(encoder));

        var missing = Mlseg.Run(["train", "--data", Data, "--method", "masksup", "--steps", "2", "--device", "cpu", "--quiet",
            "--out", Path.Combine(Folder, "masksup-missing"), "--pretrained-encoder", Path.Combine(Folder, "nothing.mlseg")]);
        Assert.That(missing.ExitCode, Is.EqualTo(1));
        Assert.That(missing.Error, Does.Contain(Path.Combine(Folder, "nothing.mlseg")));

        string experiment = Path.Combine(Folder, "experiment");
        var compared = Mlseg.Run(["experiment", "--data", Data, "--method", "colab+masksup", "--seeds", "1", "--steps", "2", "--batch-size", "4", "--depth", "2",
            "--width", "4", "--device", "cpu", "--workers", "1", "--quiet", "--out", experiment, "--pretrained-encoder", encoder]);
        Assert.That(compared.ExitCode, Is.EqualTo(0), compared.Error);
        foreach (string run in new[] { "baseline-seed1", "colab+masksup-seed1" })
        {
            JsonElement runConfig = JsonDocument.Parse(File.ReadAllText(Path.Combine(experiment, run, "config.json"))).RootElement;
            Assert.That(runConfig.GetProperty("PretrainedEncoder").GetString(), Is.EqualTo(encoder), $"{run} starts from the encoder too");
        }
    }

    private JsonElement Train(string name, string method, params string[] options)
    {
        string run = Path.Combine(Folder, name);
        var r = Mlseg.Run(["train", "--data", Data, "--method", method, "--batch-size", "4", "--validate-every", "0", "--depth", "2", "--width", "4",
            "--device", "cpu", "--workers", "1", "--quiet", "--out", run, .. options]);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        return JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json"))).RootElement.Clone();
    }
}
