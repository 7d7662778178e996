using System.Text.Json;

namespace MLSegmentation.Cli.Tests;

/// <summary><c>mlseg train --method</c> applies the method's preset to the options not given, and reaches every method variant.</summary>
public class MethodPresetCommandTests() : SyntheticDataFixture(count: 12, classes: 2)
{
    [Test]
    public void TheMethodsPresetAppliesUnlessAnOptionIsGivenAndReachesTheOptimizer()
    {
        JsonElement colab = Train("colab", "colab");
        Assert.That(Training(colab), Is.EqualTo(("Sgd", 1e-2, 0.99, true, 3e-5, false, "Poly")));
        Assert.That(colab.GetProperty("Network").GetProperty("Normalization").GetString(), Is.EqualTo("Instance"));
        Assert.That(FirstLearningRate("colab"), Is.LessThanOrEqualTo(1e-2).And.GreaterThan(4e-3), "the optimizer steps at CoLab's rate (poly decay)");

        JsonElement given = Train("colab-given", "colab", "--optimizer", "Adam", "--lr", "0.005", "--norm", "Batch", "--nesterov", "false");
        Assert.That(Training(given), Is.EqualTo(("Adam", 5e-3, 0.99, false, 3e-5, false, "Poly")), "the options given win, the rest is the preset");
        Assert.That(given.GetProperty("Network").GetProperty("Normalization").GetString(), Is.EqualTo("Batch"));
        Assert.That(FirstLearningRate("colab-given"), Is.LessThanOrEqualTo(5e-3).And.GreaterThan(2e-3));

        JsonElement masksup = Train("masksup", "masksup", "--masksup-mode", "binary");
        Assert.That(Training(masksup), Is.EqualTo(("Adam", 1e-4, 0.0, false, 1e-5, true, "Poly")));
        Assert.That(masksup.GetProperty("Loss").GetString(), Is.EqualTo("CrossEntropy"), "MaskSup's paper's loss");
        JsonElement baseline = Train("baseline", "baseline");
        Assert.That(Training(baseline), Is.EqualTo(("Adam", 1e-3, 0.99, true, 3e-5, false, "Poly")), "the baseline keeps its defaults");
        Assert.That(baseline.GetProperty("Loss").GetString(), Is.EqualTo("DiceCrossEntropy"));
        Assert.That(colab.GetProperty("Loss").GetString(), Is.EqualTo("DiceCrossEntropy"));
    }

    [Test]
    public void BinaryMaskSupTrainsAndExportsTheTwoClassContract()
    {
        string run = Path.Combine(Folder, "masksup-binary");
        JsonElement config = Train("masksup-binary", "masksup", "--masksup-mode", "binary");
        Assert.That(config.GetProperty("MaskSup").GetProperty("Mode").GetString(), Is.EqualTo("Binary"));
        var export = Mlseg.Run("export", Path.Combine(run, "model.mlseg"));
        Assert.That(export.ExitCode, Is.EqualTo(0), export.Error);
        Assert.That(export.Output, Does.Contain("ONNX Runtime vs engine: max difference"));
        var inspect = Mlseg.Run("inspect", Path.Combine(run, "model.onnx"));
        Assert.That(inspect.Output, Does.Contain("probabilities: Float [N, 2, H, W]").And.Contain("mlseg.class_names = [\"background\",\"blob\"]"));
    }

    [Test]
    public void TheContrastiveScheduleIsPretrainThenFinetuneByDefaultAndJointOnRequest()
    {
        JsonElement twoStages = Train("contrastive", "contrastive", "--steps", "4");
        Assert.That(twoStages.GetProperty("Contrastive").GetProperty("Schedule").GetString(), Is.EqualTo("PretrainThenFinetune"));
        Assert.That(twoStages.GetProperty("Contrastive").GetProperty("PretrainSteps").GetInt32(), Is.EqualTo(1), "30 % of --steps");
        Assert.That(Steps("contrastive"), Is.EqualTo(new[] { (1, 1), (1, 3), (2, 3), (3, 3) }), "stage 1, then stage 2");
        Assert.That(File.Exists(Path.Combine(Folder, "contrastive", "checkpoints", "encoder.mlseg")), Is.True);

        JsonElement joint = Train("contrastive-joint", "contrastive", "--steps", "4", "--contrastive-schedule", "Joint", "--contrastive-temperature", "0.1",
            "--contrastive-attention", "FeaturePooling");
        Assert.That(joint.GetProperty("Contrastive").GetProperty("Schedule").GetString(), Is.EqualTo("Joint"));
        Assert.That(joint.GetProperty("Contrastive").GetProperty("Temperature").GetDouble(), Is.EqualTo(0.1));
        Assert.That(Steps("contrastive-joint"), Is.EqualTo(new[] { (1, 4), (2, 4), (3, 4), (4, 4) }), "one run");

        JsonElement channel = Train("contrastive-channel", "contrastive", "--steps", "3", "--contrastive-attention", "InputChannel");
        Assert.That(channel.GetProperty("Contrastive").GetProperty("Attention").GetString(), Is.EqualTo("InputChannel"));
    }

    private JsonElement Train(string name, string method, params string[] options)
    {
        string run = Path.Combine(Folder, name);
        string[] budget = options.Contains("--steps") ? [] : ["--steps", "2"];
        var r = Mlseg.Run(["train", "--data", Data, "--method", method, .. budget, "--batch-size", "4", "--validate-every", "0", "--depth", "2", "--width", "4",
            "--device", "cpu", "--quiet", "--out", run, .. options]);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        return JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json"))).RootElement.Clone();
    }

    private static (string?, double, double, bool, double, bool, string?) Training(JsonElement config)
    {
        JsonElement t = config.GetProperty("Training");
        return (t.GetProperty("Optimizer").GetString(), t.GetProperty("LearningRate").GetDouble(), t.GetProperty("Momentum").GetDouble(), t.GetProperty("Nesterov").GetBoolean(),
            t.GetProperty("WeightDecay").GetDouble(), t.GetProperty("Amsgrad").GetBoolean(), t.GetProperty("Schedule").GetString());
    }

    private IEnumerable<JsonElement> StepLines(string name) =>
        File.ReadAllLines(Path.Combine(Folder, name, "metrics.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("kind").GetString() == "step");

    private double FirstLearningRate(string name) => StepLines(name).First().GetProperty("lr").GetDouble();

    private (int, int)[] Steps(string name) => [.. StepLines(name).Select(e => (e.GetProperty("step").GetInt32(), e.GetProperty("total_steps").GetInt32()))];
}
