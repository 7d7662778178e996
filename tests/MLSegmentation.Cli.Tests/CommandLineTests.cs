using System.Text.Json;
using MLSegmentation.Transforms;

namespace MLSegmentation.Cli.Tests;

public class CommandLineTests() : SyntheticDataFixture(count: 40, classes: 3)
{
    [Test]
    public void APlainFolderOf206By168PngsWithoutClassesTxtTrainsExportsAndScoresWithNoSizeOption()
    {
        string data = Path.Combine(Folder, "plain");
        var synthetic = Mlseg.Run("synthetic", "--out", data, "--count", "8", "--size", "168x206", "--classes", "3");
        Assert.That(synthetic.ExitCode, Is.EqualTo(0), synthetic.Error);
        File.Delete(Path.Combine(data, "classes.txt"));
        string run = Path.Combine(Folder, "run-plain");
        var train = Mlseg.Run("train", "--data", data, "--steps", "2", "--batch-size", "4", "--depth", "3", "--width", "4", "--device", "cpu", "--out", run);
        Assert.That(train.ExitCode, Is.EqualTo(0), train.Error);
        Assert.That(train.Error, Does.Contain("warning:").And.Contain("no classes.txt").And.Contain("background, class_1, class_2"));
        var export = Mlseg.Run("export", Path.Combine(run, "model.mlseg"));
        Assert.That(export.ExitCode, Is.EqualTo(0), export.Error);
        Assert.That(export.Output, Does.Contain("ONNX Runtime vs engine: max difference"));
        string onnx = Path.Combine(run, "model.onnx");
        Assert.That(Mlseg.Run("inspect", onnx).Output, Does.Contain("mlseg.class_names = [\"background\",\"class_1\",\"class_2\"]"));
        string masks = Path.Combine(Folder, "plain-masks");
        var score = Mlseg.Run("score", onnx, "--input", Path.Combine(data, "images"), "--out", masks, "--device", "cpu");
        Assert.That(score.ExitCode, Is.EqualTo(0), score.Error);
        string[] written = [.. Directory.GetFiles(masks, "*.png").Order(StringComparer.Ordinal)];
        Assert.That(written, Has.Length.EqualTo(8));
        foreach (string mask in written)
        {
            LabelMap labels = PngFile.ReadLabels(mask);
            Assert.That(labels.Size, Is.EqualTo(new[] { 168, 206 }), mask);
            Assert.That(labels.Data.All(v => v is >= 0 and <= 2), Is.True, mask);
        }
    }

    [Test]
    public void TrainWritesARunFolderThatEvaluateAndResumeUse()
    {
        string run = Path.Combine(Folder, "run");
        var train = Mlseg.Run("train", "--data", Data, "--steps", "20", "--validate-every", "10",
            "--checkpoint-every", "10", "--depth", "2", "--width", "8", "--device", "cpu", "--json", "--out", run);
        Assert.That(train.ExitCode, Is.EqualTo(0), train.Error);
        foreach (string file in new[] { "config.json", "metrics.jsonl", "model.mlseg", "evaluation.json", "evaluation.txt", "checkpoints/last.mlseg", "checkpoints/best.mlseg" })
            Assert.That(File.Exists(Path.Combine(run, file)), Is.True, file);
        string[] lines = File.ReadAllLines(Path.Combine(run, "metrics.jsonl"));
        Assert.That(lines.Count(l => JsonDocument.Parse(l).RootElement.GetProperty("kind").GetString() == "step"), Is.EqualTo(20));
        Assert.That(train.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(lines.Length), "--json prints exactly the progress lines");

        var evaluate = Mlseg.Run("evaluate", Path.Combine(run, "model.mlseg"), "--data", Data, "--no-surface-distances",
            "--json", Path.Combine(Folder, "eval.json"));
        Assert.That(evaluate.ExitCode, Is.EqualTo(0), evaluate.Error);
        Assert.That(evaluate.Output, Does.Contain("blob").And.Contain("shape").And.Contain("mean Dice"));
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "eval.json")));
        Assert.That(report.RootElement.GetProperty("images").GetInt32(), Is.EqualTo(40));

        var export = Mlseg.Run("export", Path.Combine(run, "model.mlseg"));
        Assert.That(export.ExitCode, Is.EqualTo(0), export.Error);
        Assert.That(export.Output, Does.Contain("ONNX Runtime vs engine: max difference"));
        string onnx = Path.Combine(run, "model.onnx");
        var inspect = Mlseg.Run("inspect", onnx);
        Assert.That(inspect.Output, Does.Contain("image: Float [N, 1, H, W]").And.Contain("mlseg.class_names = [\"background\",\"blob\",\"shape\"]"));
        var onnxEvaluate = Mlseg.Run("evaluate", onnx, "--data", Data, "--no-surface-distances",
            "--json", Path.Combine(Folder, "eval-onnx.json"));
        Assert.That(onnxEvaluate.ExitCode, Is.EqualTo(0), onnxEvaluate.Error);
        using var onnxReport = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "eval-onnx.json")));
        Assert.That(onnxReport.RootElement.GetProperty("classMeanDice").GetDouble(),
            Is.EqualTo(report.RootElement.GetProperty("classMeanDice").GetDouble()).Within(1e-3), "the exported model scores with the engine's Dice");
        var score = Mlseg.Run("score", onnx, "--input", Path.Combine(Folder, "data", "images"), "--out", Path.Combine(Folder, "masks"), "--device", "cpu", "--overlays", "3");
        Assert.That(score.ExitCode, Is.EqualTo(0), score.Error);
        Assert.That(Directory.GetFiles(Path.Combine(Folder, "masks"), "*.png"), Has.Length.EqualTo(40));
        string[] overlays = [.. Directory.GetFiles(Path.Combine(Folder, "masks", "overlays"), "*.png").Order(StringComparer.Ordinal)];
        Assert.That(overlays.Select(Path.GetFileName).ToArray(), Has.Length.EqualTo(3).And.All.Match("^0[0-2]-.*\\.png$"));
        var overlay = MLSegmentation.Transforms.PngFile.Read(overlays[0]);
        int panel = 32 * MLSegmentation.Reporting.Overlays.MaskOverlay.Magnification(32, 32);
        Assert.That(overlay.Width, Is.EqualTo(3 * MLSegmentation.Reporting.Overlays.MaskOverlay.Gap + 2 * panel), "image | prediction: two panels, no truth");
        Assert.That(score.Output, Does.Contain("3 overlay(s) in"));
        string[] images = [.. Directory.GetFiles(Path.Combine(Folder, "data", "images"), "*.png").Order(StringComparer.Ordinal).Take(2)];
        string manifest = Path.Combine(Folder, "to-score.csv");
        File.WriteAllLines(manifest, ["image", .. images.Select(i => Path.GetRelativePath(Folder, i))]);
        var fromManifest = Mlseg.Run("score", onnx, "--input", manifest, "--out", Path.Combine(Folder, "manifest-masks"), "--device", "cpu", "--json");
        Assert.That(fromManifest.ExitCode, Is.EqualTo(0), fromManifest.Error);
        JsonElement[] progress = [.. fromManifest.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];
        Assert.That(progress.Select(p => p.GetProperty("kind").GetString()), Is.EqualTo(new[] { "scored", "scored", "finished" }), "--json prints only JSON lines");
        Assert.That(progress[1].GetProperty("done").GetInt32(), Is.EqualTo(2));
        Assert.That(progress[2].GetProperty("total").GetInt32(), Is.EqualTo(2));
        Assert.That(Directory.GetFiles(Path.Combine(Folder, "manifest-masks")).Select(Path.GetFileName).Order(StringComparer.Ordinal),
            Is.EqualTo(images.Select(Path.GetFileName)));
        string twin = Directory.CreateDirectory(Path.Combine(Folder, "twin")).FullName;
        File.Copy(images[0], Path.Combine(twin, Path.GetFileName(images[0])));
        File.WriteAllLines(manifest, ["image,id", $"{images[0]},first", $"{Path.Combine(twin, Path.GetFileName(images[0]))},second"]);
        var collision = Mlseg.Run("score", onnx, "--input", manifest, "--out", Path.Combine(Folder, "collision-masks"), "--device", "cpu");
        Assert.That(collision.ExitCode, Is.Not.EqualTo(0));
        Assert.That(collision.Error, Does.StartWith("mlseg score: ").And.Contain("share a stem").And.Contain("twin").And.Contain(Path.Combine("data", "images")));
        Assert.That(collision.Error.Trim().Split('\n'), Has.Length.EqualTo(1), "one line, no stack trace");
        var sameFolder = Mlseg.Run("score", onnx, "--input", Path.Combine(Folder, "data", "images"), "--out", Path.Combine(Folder, "data", "images"), "--device", "cpu");
        Assert.That(sameFolder.ExitCode, Is.Not.EqualTo(0));
        Assert.That(sameFolder.Error, Does.Contain("would overwrite"));

        var resumed = Mlseg.Run("train", "--resume", run, "--quiet");
        Assert.That(resumed.ExitCode, Is.EqualTo(0), resumed.Error);
    }

    [TestCase("colab")]
    [TestCase("masksup")]
    [TestCase("contrastive")]
    public void EveryMethodTrainsAndExportsAsAnOrdinarySegmenter(string method)
    {
        string run = Path.Combine(Folder, "run-" + method);
        var train = Mlseg.Run("train", "--data", Data, "--method", method, "--steps", "4", "--validate-every", "0",
            "--depth", "2", "--width", "8", "--device", "cpu", "--quiet", "--out", run);
        Assert.That(train.ExitCode, Is.EqualTo(0), train.Error);
        Assert.That(File.ReadAllText(Path.Combine(run, "config.json")), Does.Contain($"\"Method\": \"{method}\""));
        var export = Mlseg.Run("export", Path.Combine(run, "model.mlseg"));
        Assert.That(export.ExitCode, Is.EqualTo(0), export.Error);
        var inspect = Mlseg.Run("inspect", Path.Combine(run, "model.onnx"));
        Assert.That(inspect.Output, Does.Contain("probabilities: Float [N, 3, H, W]").And.Match($"mlseg.method = [a-z-]*{method}"));
    }

    [TestCase(new[] { "train", "--data", "/no/such/folder" }, "mlseg train: /no/such/folder: no such dataset folder or manifest")]
    [TestCase(new[] { "evaluate", "/no/model.mlseg", "--data", "/tmp" }, "mlseg evaluate: /no/model.mlseg: no such model file")]
    [TestCase(new[] { "score", "/no/model.onnx", "--input", "/tmp", "--out", "/tmp/x" }, "/no/model.onnx")]
    [TestCase(new[] { "train", "--data", "/tmp", "--size", "64y64" }, "--size '64y64'")]
    public void FailuresExitNonZeroWithOneClearLine(string[] args, string expected)
    {
        var r = Mlseg.Run(args);
        Assert.That(r.ExitCode, Is.Not.EqualTo(0));
        Assert.That(r.Error, Does.Contain(expected));
        Assert.That(r.Error, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public void UnknownMethodIsABadOption()
    {
        var r = Mlseg.Run("train", "--data", Data, "--method", "magic");
        Assert.That(r.ExitCode, Is.Not.EqualTo(0));
        Assert.That(r.Error + r.Output, Does.Contain("'magic'"));
    }

    [Test]
    public void CudaRequestedOnThisMachineFailsClearly()
    {
        var r = Mlseg.Run("train", "--data", Data, "--device", "cuda", "--steps", "1");
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Error, Does.Contain("CUDA"));
    }

    [Test]
    public void EveryCommandExplainsItsOptionsAndDefaults()
    {
        var r = Mlseg.Run("train", "--help");
        Assert.That(r.ExitCode, Is.EqualTo(0));
        Assert.That(r.Output, Does.Contain("--steps").And.Contain("Default: 1000").Or.Contain("default: 1000"));
        CommandAssert.HelpExplains("train", "--method", "--optimizer", "--lr", "--momentum", "--nesterov", "--weight-decay", "--amsgrad", "--schedule", "--norm",
            "--loss", "--masksup-mode", "--contrastive-schedule", "--contrastive-pretrain-steps", "--contrastive-attention", "--contrastive-temperature",
            "--pretrained-encoder", "--freeze-encoder");
        CommandAssert.HelpExplains("experiment", "--pretrained-encoder", "--freeze-encoder", "--loss");
        Assert.That(r.Output, Does.Contain("baseline: Adam lr 1e-3, weight decay 3e-5, Poly, Batch norm, DiceCrossEntropy loss")
            .And.Contain("colab+masksup: CoLab's preset (Sgd lr 1e-2")
            .And.Contain("colab: Sgd lr 1e-2, momentum 0.99 (Nesterov), weight decay 3e-5, Poly, Instance norm")
            .And.Contain("masksup: Adam lr 1e-4 (AMSGrad), weight decay 1e-5, Poly, Batch norm, CrossEntropy loss")
            .And.Contain("stage 1 of PretrainThenFinetune on Sgd lr 5e-4, momentum 0.9, weight decay 1e-4, Cosine")
            .And.Contain("[default: PretrainThenFinetune]"), "each method's preset and loss, and the contrastive default");
    }
}
