using MLSegmentation.Torch.Modules;
using MLSegmentation.Torch.Optim;
using F = MLSegmentation.Torch.torch.nn.functional;

namespace MLSegmentation.Torch.Tests;

/// <summary>End-to-end: a tiny conv network learns a toy segmentation, deterministically, and resumes exactly.</summary>
public class ModulesTrainingTests
{
    private const int Size = 16;
    private const int Batch = 8;

    /// <summary>Images with a bright square (side 6–10) on noise; the target is the square. Deterministic per seed.</summary>
    private static (Tensor images, Tensor masks) ToyBatch(int seed)
    {
        var random = new Random(seed);
        var images = new float[Batch * Size * Size];
        var masks = new long[Batch * Size * Size];
        for (int n = 0; n < Batch; n++)
        {
            int side = random.Next(6, 11), top = random.Next(0, Size - side + 1), left = random.Next(0, Size - side + 1);
            for (int i = 0; i < Size; i++)
            {
                for (int j = 0; j < Size; j++)
                {
                    int k = (n * Size + i) * Size + j;
                    bool inside = i >= top && i < top + side && j >= left && j < left + side;
                    masks[k] = inside ? 1 : 0;
                    double noise = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                    images[k] = (float)((inside ? 1.0 : 0.0) + 0.35 * noise);
                }
            }
        }
        return (torch.tensor(images, Batch, 1, Size, Size), torch.tensor(masks, Batch, Size, Size));
    }

    private static Sequential MakeNetwork()
    {
        torch.manual_seed(42);
        return torch.nn.Sequential(
            torch.nn.Conv2d(1, 8, 3, padding: 1), torch.nn.BatchNorm2d(8), torch.nn.ReLU(),
            torch.nn.Conv2d(8, 8, 3, padding: 1), torch.nn.BatchNorm2d(8), torch.nn.ReLU(),
            torch.nn.Conv2d(8, 2, 1));
    }

    private static double TrainStep(Sequential network, Optimizer optimizer, int seed)
    {
        using var scope = torch.NewDisposeScope();
        (Tensor images, Tensor masks) = ToyBatch(seed);
        optimizer.zero_grad();
        var loss = F.cross_entropy(network.call(images), masks);
        loss.backward();
        optimizer.step();
        return loss.ToDouble();
    }

    private static List<double> Train(out double accuracy, out double iou)
    {
        using Sequential network = MakeNetwork();
        using var optimizer = torch.optim.Adam(network.parameters(), lr: 0.01);
        var losses = new List<double>();
        for (int step = 0; step < 100; step++) losses.Add(TrainStep(network, optimizer, step));

        using var scope = torch.NewDisposeScope();
        network.eval();
        (Tensor images, Tensor masks) = ToyBatch(10_000);
        using (torch.no_grad())
        {
            var predicted = network.call(images).argmax(1);
            accuracy = predicted.eq(masks).to(ScalarType.Float64).mean().ToDouble();
            var p = predicted.eq(1L);
            var t = masks.eq(1L);
            iou = p.logical_and(t).to(ScalarType.Float64).sum().ToDouble() / p.logical_or(t).to(ScalarType.Float64).sum().ToDouble();
        }
        return losses;
    }

    [Test]
    public void TinyConvNetworkFitsAToySegmentationDeterministically()
    {
        List<double> losses = Train(out double accuracy, out double iou);
        TestContext.Out.WriteLine($"loss {losses[0]:F4} -> {losses[^1]:F4}, held-out pixel accuracy {accuracy:F4}, IoU {iou:F4}");
        Assert.That(accuracy, Is.GreaterThanOrEqualTo(0.95), "held-out pixel accuracy");
        Assert.That(iou, Is.GreaterThanOrEqualTo(0.8), "held-out foreground IoU (all-background would score 0)");
        Assert.That(losses.TakeLast(10).Average(), Is.LessThan(losses.Take(10).Average() / 3));

        List<double> again = Train(out double accuracyAgain, out _);
        Assert.That(again, Is.EqualTo(losses), "the same seed gives the same run");
        Assert.That(accuracyAgain, Is.EqualTo(accuracy));
    }

    [Test]
    public void ResumingFromCheckpointFilesContinuesWithIdenticalLosses()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"mlseg-resume-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        string modelFile = Path.Combine(folder, "model.sd"), optimizerFile = Path.Combine(folder, "optimizer.sd"), scheduleFile = Path.Combine(folder, "schedule.sd");
        try
        {
            var straight = new List<double>();
            using (Sequential network = MakeNetwork())
            using (var optimizer = torch.optim.AdamW(network.parameters(), lr: 0.01, amsgrad: true))
            {
                var schedule = torch.optim.lr_scheduler.PolyLR(optimizer, total_iters: 12);
                for (int step = 0; step < 12; step++)
                {
                    if (step == 6)
                    {
                        network.save(modelFile);
                        optimizer.save(optimizerFile);
                        using var state = schedule.state_dict();
                        state.Save(scheduleFile);
                    }
                    straight.Add(TrainStep(network, optimizer, step));
                    schedule.step();
                }
            }

            var resumed = new List<double>();
            torch.manual_seed(7); // a different initialisation: everything must come from the files
            using (Sequential network = torch.nn.Sequential(
                torch.nn.Conv2d(1, 8, 3, padding: 1), torch.nn.BatchNorm2d(8), torch.nn.ReLU(),
                torch.nn.Conv2d(8, 8, 3, padding: 1), torch.nn.BatchNorm2d(8), torch.nn.ReLU(),
                torch.nn.Conv2d(8, 2, 1)))
            using (var optimizer = torch.optim.AdamW(network.parameters(), lr: 0.01, amsgrad: true))
            {
                network.load(modelFile);
                optimizer.load(optimizerFile);
                var schedule = torch.optim.lr_scheduler.PolyLR(optimizer, total_iters: 12);
                using (var state = Serialization.StateDict.Load(scheduleFile)) schedule.load_state_dict(state);
                for (int step = 6; step < 12; step++)
                {
                    resumed.Add(TrainStep(network, optimizer, step));
                    schedule.step();
                }
            }
            Assert.That(resumed, Is.EqualTo(straight.Skip(6)));
            Assert.That(resumed[^1], Is.Not.EqualTo(resumed[0]));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
