using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Cli.Tests;

public class ExperimentRunTests
{
    private static TrainingProgress Step(long step, double? loss) => new() { Kind = ProgressKind.Step, Step = step, TotalSteps = 40, Loss = loss };

    [Test]
    public void LossTrendIsTheLastTenthOverTheTenthBefore()
    {
        // 40 steps: tenths of 4; steps 29–32 have loss 2, steps 33–36 loss 1 … but the last tenth is steps 37–40.
        var events = Enumerable.Range(1, 40).Select(s => Step(s, s <= 32 ? 4.0 : s <= 36 ? 2.0 : 1.5)).ToList();
        Assert.That(ExperimentRun.LastTenthLossRatio(events), Is.EqualTo(1.5 / 2.0).Within(1e-12));

        // Validation events and non-finite losses are not steps of the curve.
        events.Insert(10, new TrainingProgress { Kind = ProgressKind.Validation, Step = 10, TotalSteps = 40, Loss = 100 });
        events.Add(Step(41, double.NaN));
        Assert.That(ExperimentRun.LastTenthLossRatio(events), Is.EqualTo(0.75).Within(1e-12));

        Assert.That(ExperimentRun.LastTenthLossRatio(events.Take(19)), Is.Null, "fewer than 20 steps");
    }
}
