using MLSegmentation.Networks;
using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Engine;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Trainers.Tests;

public class AllocatorTuningTests
{
    /// <summary>Batches whose spatial size cycles through 16, 24 and 32 pixels, so that block sizes change every step.</summary>
    private sealed class VaryingSizeBatches : IBatchSource
    {
        public int Classes => 2;

        public int Channels => 1;

        public TrainingBatch GetBatch(long iteration, CancellationToken cancellationToken)
        {
            int size = 16 + 8 * (int)(iteration % 3);
            var random = new Random((int)iteration);
            float[] images = [.. Enumerable.Range(0, 2 * size * size).Select(_ => (float)random.NextDouble())];
            long[] labels = [.. images.Select(v => v > 0.5f ? 1L : 0L)];
            return new TrainingBatch(torch.tensor(images, [2, 1, size, size]).DetachFromDisposeScope(),
                torch.tensor(labels, [2, size, size]).DetachFromDisposeScope(), [0, 1]);
        }
    }

    private static long ResidentBytes()
    {
        string line = File.ReadAllLines("/proc/self/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    [Test]
    public void IsAppliedWhenTheAssemblyLoadsOnGlibc()
    {
        Assume.That(OperatingSystem.IsLinux(), Is.True);
        Assume.That(Environment.GetEnvironmentVariable(AllocatorTuning.SwitchVariable), Is.Not.EqualTo("0"));
        Assert.That(AllocatorTuning.Applied, Is.True, AllocatorTuning.Status);
        Assert.That(AllocatorTuning.Status, Does.Contain("mmap_max=0"));
    }

    [TestCase(null, true, null)]
    [TestCase("1", true, null)]
    [TestCase(" 0 ", true, "turned off by MLSEG_MALLOC_TUNING=0")]
    [TestCase(null, false, "not Linux")]
    public void TheSwitchAndThePlatformDecide(string? value, bool linux, string? reason) =>
        Assert.That(AllocatorTuning.ReasonNotToApply(value, linux), Is.EqualTo(reason));

    [Test]
    public void ResidentMemoryStaysFlatOver2000StepsOfVaryingSize()
    {
        Assume.That(OperatingSystem.IsLinux() && AllocatorTuning.Applied, Is.True, AllocatorTuning.Status);
        var options = new TrainerOptions { Steps = 2000, LearningRate = 1e-3, Optimizer = OptimizerKind.Adam, BatchSize = 2, ValidationEvery = 0, Seed = 5 };
        var trainer = new SegmentationTrainer(new BaselineMethod(), new UNetOptions { Depth = 2, BaseWidth = 4 }, options);
        long afterWarmUp = 0, peak = 0;
        trainer.Progress += p =>
        {
            if (p.Kind != ProgressKind.Step) return;
            if (p.Step == 200) afterWarmUp = ResidentBytes();
            if (p.Step > 200 && p.Step % 100 == 0) peak = Math.Max(peak, ResidentBytes());
        };
        TrainingResult result = trainer.Fit(new VaryingSizeBatches());
        result.Network.Dispose();
        Assert.That(result.StepsDone, Is.EqualTo(2000));
        double growthMb = (peak - afterWarmUp) / 1048576.0;
        TestContext.Out.WriteLine($"resident after 200 steps {afterWarmUp / 1048576.0:F1} MB, peak over steps 300-2000 {peak / 1048576.0:F1} MB (+{growthMb:F1} MB)");
        Assert.That(growthMb, Is.LessThan(48), "resident memory grew over the run");
    }
}
