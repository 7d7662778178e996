using System.Text.Json;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Reporting.Tests;

public class ProgressLogTests
{
    [Test]
    public void EventsRoundTripThroughJsonLines()
    {
        var step = new TrainingProgress { Kind = ProgressKind.Step, Step = 3, TotalSteps = 10, Loss = 0.5, LearningRate = 1e-3, ImagesPerSecond = 12.5, Eta = TimeSpan.FromSeconds(7) };
        var validation = new TrainingProgress { Kind = ProgressKind.Validation, Step = 5, TotalSteps = 10, ValidationDice = [0.25, double.NaN] };
        string line = ProgressLog.ToJsonLine(step);
        Assert.That(line, Does.Contain("\"kind\":\"step\"").And.Contain("\"total_steps\":10").And.Contain("\"eta_s\":7").And.Not.Contain('\n'));
        TrainingProgress back = ProgressLog.Parse(line);
        Assert.That(back with { ValidationDice = null }, Is.EqualTo(step));
        TrainingProgress dice = ProgressLog.Parse(ProgressLog.ToJsonLine(validation));
        Assert.That(dice.Kind, Is.EqualTo(ProgressKind.Validation));
        Assert.That(dice.ValidationDice, Is.EqualTo(new[] { 0.25, double.NaN }));
    }

    [Test]
    public void ReadNamesTheFileAndLineOfABadEvent()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mlseg-progress-{Guid.NewGuid():N}.jsonl");
        try
        {
            File.WriteAllLines(path, [ProgressLog.ToJsonLine(new TrainingProgress { Kind = ProgressKind.Finished, Step = 1, TotalSteps = 1 }), "", "{\"kind\":\"nap\",\"step\":1,\"total_steps\":1}"]);
            Assert.That(() => ProgressLog.Read(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains(path).And.Message.Contains("line 3").And.Message.Contains("nap"));
            File.WriteAllLines(path, [ProgressLog.ToJsonLine(new TrainingProgress { Kind = ProgressKind.Finished, Step = 1, TotalSteps = 1 }), ""]);
            Assert.That(ProgressLog.Read(path).Single().Kind, Is.EqualTo(ProgressKind.Finished));
            Assert.That(() => ProgressLog.Parse("[1]"), Throws.InstanceOf<JsonException>());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
