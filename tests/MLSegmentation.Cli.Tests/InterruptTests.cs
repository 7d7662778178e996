using System.Text.Json;

namespace MLSegmentation.Cli.Tests;

/// <summary>Ctrl-C (SIGINT) ends long commands cleanly: training writes a checkpoint that <c>--resume</c> continues, scoring keeps the masks written.</summary>
public class InterruptTests() : SyntheticDataFixture(count: 24, classes: 2)
{
    private static int Step(string jsonLine)
    {
        using var line = JsonDocument.Parse(jsonLine);
        return line.RootElement.GetProperty("kind").GetString() == "step" ? line.RootElement.GetProperty("step").GetInt32() : 0;
    }

    [Test]
    public void TrainingInterruptedWritesACheckpointThatResumeContinues()
    {
        string run = Path.Combine(Folder, "run");
        var interrupted = Mlseg.RunInterrupted(line => Step(line) >= 3, "train", "--data", Data, "--steps", "400",
            "--validate-every", "0", "--checkpoint-every", "1000", "--depth", "2", "--width", "8", "--device", "cpu", "--workers", "1", "--json", "--out", run);
        Assert.That(interrupted.ExitCode, Is.EqualTo(130), interrupted.Error);
        Assert.That(interrupted.Error, Does.Contain("interrupted; the checkpoint is in").And.Contain("mlseg train --resume"));
        Assert.That(File.Exists(Path.Combine(run, "checkpoints", "last.mlseg")), Is.True, "the interruption wrote a checkpoint");
        Assert.That(File.Exists(Path.Combine(run, "model.mlseg")), Is.False, "no final model from an interrupted run");
        int stoppedAt = interrupted.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Max(Step);
        Assert.That(stoppedAt, Is.InRange(3, 399));

        var resumed = Mlseg.Run("train", "--resume", run, "--json");
        Assert.That(resumed.ExitCode, Is.EqualTo(0), resumed.Error);
        int[] steps = [.. resumed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Step).Where(s => s > 0)];
        Assert.That(steps.First(), Is.GreaterThan(1).And.LessThanOrEqualTo(stoppedAt + 1), "resume starts from the checkpoint, not from step 1");
        Assert.That(steps.Last(), Is.EqualTo(400));
        Assert.That(File.Exists(Path.Combine(run, "model.mlseg")), Is.True);
    }

    [Test]
    public void ScoringInterruptedKeepsTheMasksWritten()
    {
        string images = Directory.CreateDirectory(Path.Combine(Folder, "many")).FullName;
        string[] sources = Directory.GetFiles(Path.Combine(Folder, "data", "images"), "*.png");
        for (int copy = 0; copy < 2000; copy++)
            File.Copy(sources[copy % sources.Length], Path.Combine(images, $"img_{copy:D5}.png"));
        string run = Path.Combine(Folder, "score-model");
        var train = Mlseg.Run("train", "--data", Data, "--steps", "2", "--validate-every", "0", "--depth", "2", "--width", "8",
            "--device", "cpu", "--quiet", "--out", run);
        Assert.That(train.ExitCode, Is.EqualTo(0), train.Error);
        Assert.That(Mlseg.Run("export", Path.Combine(run, "model.mlseg")).ExitCode, Is.EqualTo(0));

        string masks = Path.Combine(Folder, "many-masks");
        var interrupted = Mlseg.RunInterrupted(line => line.Contains("\"scored\"", StringComparison.Ordinal), "score", Path.Combine(run, "model.onnx"),
            "--input", images, "--out", masks, "--batch-size", "1", "--device", "cpu", "--json");
        Assert.That(interrupted.ExitCode, Is.EqualTo(130), interrupted.Error);
        Assert.That(interrupted.Error, Does.Contain("interrupted after").And.Contain("of 2000 images"));
        string[] written = Directory.GetFiles(masks);
        Assert.That(written, Has.Length.InRange(1, 1999));
        Assert.That(written.Select(Path.GetFileName), Has.None.Contains(".tmp"), "no half-written mask");
        foreach (string mask in written) Assert.That(MLSegmentation.Transforms.PngFile.ReadLabels(mask).Size, Is.EqualTo(new[] { 32, 32 }));
    }
}
