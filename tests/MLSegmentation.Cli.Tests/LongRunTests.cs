using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace MLSegmentation.Cli.Tests;

/// <summary>
/// The CI slice of the long run (issue 17, item 4; the full 20,000 steps: bench/long-run.sh): `mlseg train` on images of
/// three sizes, one per step, with validations and checkpoints, and the process's resident memory read at fixed steps.
/// </summary>
public class LongRunTests
{
    private const int Steps = 400, Every = 100;

    [Test]
    public void TrainingOnImagesOfThreeSizesWithValidationAndCheckpointsKeepsItsMemoryFlatAfterWarmUp()
    {
        string folder = Directory.CreateTempSubdirectory("mlseg-long-run-").FullName;
        try
        {
            string data = MixedSizes(folder);
            var residentMB = new SortedDictionary<long, double>();
            string run = Path.Combine(folder, "run");
            var r = Mlseg.RunWatched((line, process) =>
            {
                if (StepOf(line) is long step && step % 25 == 0) residentMB[step] = ResidentMB(process);
            }, "train", "--data", data, "--steps", $"{Steps}", "--batch-size", "1", "--depth", "2", "--width", "4", "--validate-every", $"{Every}",
                "--checkpoint-every", $"{Every}", "--workers", "1", "--json", "--out", run);
            Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);

            JsonElement[] events = [.. File.ReadLines(Path.Combine(run, "metrics.jsonl")).Select(l => JsonDocument.Parse(l).RootElement)];
            double[] losses = [.. events.Where(e => Kind(e) == "step").Select(e => e.GetProperty("loss").GetDouble())];
            Assert.That(losses, Has.Length.EqualTo(Steps).And.All.Matches<double>(double.IsFinite));
            Assert.That(events.Where(e => Kind(e) == "validation").Select(e => e.GetProperty("step").GetInt64()), Is.EqualTo(new long[] { 100, 200, 300, 400 }));
            Assert.That(events.Count(e => Kind(e) == "checkpoint"), Is.GreaterThanOrEqualTo(Steps / Every));

            // Warm-up is the first half: libtorch's allocator caches a block per input shape, the feed fills its queue.
            double atHalf = residentMB[Steps / 2];
            double peak = residentMB.Where(kv => kv.Key >= Steps / 2).Max(kv => kv.Value);
            TestContext.Out.WriteLine("resident MB by step: " + string.Join(", ", residentMB.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}: {kv.Value:F0}"))));
            Assert.That(peak - atHalf, Is.LessThan(MaxGrowthMB), "resident memory after warm-up");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // The full run grew 11 MB over its last 18,000 steps; a leaked step graph (its activations, about 0.2 MB here) would add about 40 MB over the 200 steps checked.
    private const double MaxGrowthMB = 40;

    private static string MixedSizes(string folder)
    {
        string data = Path.Combine(folder, "data");
        int first = 0;
        foreach (string size in new[] { "24x24", "20x28", "32x16" })
        {
            string part = Path.Combine(folder, size);
            var r = Mlseg.Run("synthetic", "--out", part, "--count", "10", "--size", size, "--classes", "3", "--first-index", $"{first}");
            Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
            foreach (string sub in new[] { "images", "masks" })
            {
                Directory.CreateDirectory(Path.Combine(data, sub));
                foreach (string file in Directory.GetFiles(Path.Combine(part, sub))) File.Copy(file, Path.Combine(data, sub, Path.GetFileName(file)));
            }
            File.Copy(Path.Combine(part, "classes.txt"), Path.Combine(data, "classes.txt"), overwrite: true);
            first += 10;
        }
        Assert.That(Directory.GetFiles(Path.Combine(data, "images")), Has.Length.EqualTo(30));
        return data;
    }

    private static long? StepOf(string line)
    {
        if (!line.StartsWith('{')) return null;
        JsonElement e = JsonDocument.Parse(line).RootElement;
        return Kind(e) == "step" ? e.GetProperty("step").GetInt64() : null;
    }

    private static string? Kind(JsonElement e) => e.GetProperty("kind").GetString();

    private static double ResidentMB(Process process)
    {
        string status = File.ReadAllText($"/proc/{process.Id.ToString(CultureInfo.InvariantCulture)}/status");
        string line = status.Split('\n').Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
    }
}
