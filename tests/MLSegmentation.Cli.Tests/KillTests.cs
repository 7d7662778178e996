using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using MLSegmentation.Transforms;

namespace MLSegmentation.Cli.Tests;

/// <summary>
/// SIGKILL at seeded random moments (checkpoint and mask writing included) leaves no half-written file under a final
/// name, and the next run finishes the work: <c>train --resume</c> with the uninterrupted run's losses, <c>export</c> and
/// <c>score</c> by running again. <c>MLSEG_KILLS</c> sets the kills per command (CI: 3; <c>bench/kill-campaign.sh</c>: 50).
/// </summary>
public class KillTests() : SyntheticDataFixture(count: 24, classes: 2)
{
    private const int Steps = 24;

    private static int Kills => int.TryParse(Environment.GetEnvironmentVariable("MLSEG_KILLS"), out int n) && n > 0 ? n : 3;

    private string[] TrainArguments(string run) =>
        ["train", "--data", Data, "--steps", $"{Steps}", "--validate-every", "0", "--checkpoint-every", "2", "--depth", "2", "--width", "8",
         "--device", "cpu", "--workers", "1", "--json", "--out", run];

    private static Dictionary<int, double> Losses(string output)
    {
        var losses = new Dictionary<int, double>();
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var json = JsonDocument.Parse(line);
            if (json.RootElement.GetProperty("kind").GetString() == "step")
                losses[json.RootElement.GetProperty("step").GetInt32()] = json.RootElement.GetProperty("loss").GetDouble();
        }
        return losses;
    }

    /// <summary>Every file under a final name in <paramref name="folder"/> is whole: JSON parses, every metrics line parses, models load.</summary>
    private static void AssertNoHalfWrittenFile(string folder)
    {
        foreach (string file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            string name = Path.GetFileName(file);
            if (name.StartsWith('.') && name.EndsWith(".tmp", StringComparison.Ordinal)) continue; // a temporary name, never read
            switch (Path.GetExtension(file))
            {
                case ".json":
                    Assert.DoesNotThrow(() => JsonDocument.Parse(File.ReadAllText(file)).Dispose(), file);
                    break;
                case ".jsonl":
                    foreach (string line in File.ReadAllLines(file)) Assert.DoesNotThrow(() => JsonDocument.Parse(line).Dispose(), $"{file}: {line}");
                    break;
                case ".mlseg":
                    Assert.DoesNotThrow(() => Trainers.Serialization.TensorArchive.Load(file), file);
                    break;
                case ".onnx":
                    Assert.DoesNotThrow(() => new InferenceSession(file).Dispose(), file);
                    break;
                case ".png":
                    Assert.DoesNotThrow(() => PngFile.Read(file), file);
                    break;
            }
        }
    }

    [Test]
    public void TrainingKilledAtRandomResumesFromItsLastCompleteCheckpointWithTheUninterruptedLosses()
    {
        var reference = Mlseg.Run(TrainArguments(Path.Combine(Folder, "reference")));
        Assert.That(reference.ExitCode, Is.EqualTo(0), reference.Error);
        Dictionary<int, double> expected = Losses(reference.Output);
        var random = new Random(20261203);
        int resumed = 0;
        for (int k = 0; k < Kills; k++)
        {
            string run = Path.Combine(Folder, $"killed-{k}");
            int at = random.Next(1, Steps - 2);
            var delay = TimeSpan.FromMilliseconds(random.Next(0, 400));
            var killed = Mlseg.RunKilled(line => line.Contains($"\"step\":{at},", StringComparison.Ordinal), delay, TrainArguments(run));
            Assert.That(killed.ExitCode, Is.Not.Zero, $"kill {k} at step {at} + {delay.TotalMilliseconds} ms came too late");
            AssertNoHalfWrittenFile(run);
            var again = Mlseg.Run("train", "--resume", run, "--json");
            if (!File.Exists(Path.Combine(run, "checkpoints", "last.mlseg")) && again.ExitCode != 0)
            {
                Assert.That(again.Error, Does.Contain("cannot resume: no checkpoint"), "killed before its first checkpoint");
                continue;
            }
            Assert.That(again.ExitCode, Is.EqualTo(0), $"kill {k}: {again.Error}");
            Dictionary<int, double> losses = Losses(again.Output);
            Assert.That(File.Exists(Path.Combine(run, "model.mlseg")), Is.True, $"kill {k}: the resumed run's model");
            if (losses.Count > 0) Assert.That(losses.Keys.Max(), Is.EqualTo(Steps)); // none when the kill came after the last step's checkpoint
            foreach ((int step, double loss) in losses) Assert.That(loss, Is.EqualTo(expected[step]), $"kill {k} at step {at}: loss of step {step}");
            AssertNoHalfWrittenFile(run);
            resumed++;
        }
        TestContext.Out.WriteLine($"{Kills} kills, {resumed} resumed with the uninterrupted losses");
        Assert.That(resumed, Is.GreaterThan(0));
    }

    [Test]
    public void ExportAndScoringKilledAtRandomLeaveOnlyWholeFilesAndFinishWhenRunAgain()
    {
        string run = Path.Combine(Folder, "model");
        var train = Mlseg.Run("train", "--data", Data, "--steps", "2", "--validate-every", "0", "--depth", "2", "--width", "8", "--device", "cpu", "--quiet", "--out", run);
        Assert.That(train.ExitCode, Is.EqualTo(0), train.Error);
        string model = Path.Combine(run, "model.mlseg"), onnx = Path.Combine(run, "model.onnx");
        Assert.That(Mlseg.Run("export", model).ExitCode, Is.EqualTo(0));
        // Enough inputs that scoring outlasts the kill's delay.
        string images = Directory.CreateDirectory(Path.Combine(Folder, "many")).FullName, reference = Path.Combine(Folder, "reference-masks");
        string[] sources = Directory.GetFiles(Path.Combine(Data, "images"), "*.png");
        for (int copy = 0; copy < 600; copy++) File.Copy(sources[copy % sources.Length], Path.Combine(images, $"img_{copy:D4}.png"));
        Assert.That(Mlseg.Run("score", onnx, "--input", images, "--out", reference, "--device", "cpu", "--quiet").ExitCode, Is.EqualTo(0));
        Dictionary<string, string> expected = Hashes(reference);

        var random = new Random(20261204);
        int exportsKilled = 0, scoresKilled = 0;
        for (int k = 0; k < Kills; k++)
        {
            File.Delete(onnx);
            var exportKilled = Mlseg.RunKilled(TimeSpan.FromMilliseconds(random.Next(300, 2500)), "export", model);
            if (exportKilled.ExitCode != 0) exportsKilled++;
            AssertNoHalfWrittenFile(run);
            Assert.That(Mlseg.Run("export", model).ExitCode, Is.EqualTo(0), $"export after kill {k} (killed run exited {exportKilled.ExitCode})");

            string masks = Path.Combine(Folder, $"masks-{k}");
            var scoreKilled = Mlseg.RunKilled(TimeSpan.FromMilliseconds(random.Next(300, 2500)), "score", onnx, "--input", images, "--out", masks, "--batch-size", "1", "--device", "cpu", "--quiet");
            if (scoreKilled.ExitCode != 0) scoresKilled++;
            if (Directory.Exists(masks)) AssertNoHalfWrittenFile(masks);
            var again = Mlseg.Run("score", onnx, "--input", images, "--out", masks, "--device", "cpu", "--quiet");
            Assert.That(again.ExitCode, Is.EqualTo(0), again.Error);
            Assert.That(Hashes(masks), Is.EqualTo(expected), $"kill {k}: the masks after running again");
        }
        TestContext.Out.WriteLine($"{Kills} kills each: {exportsKilled} exports and {scoresKilled} scoring runs ended by the kill, the rest had finished");
    }

    private static Dictionary<string, string> Hashes(string folder) =>
        Directory.GetFiles(folder, "*.png").ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));
}
