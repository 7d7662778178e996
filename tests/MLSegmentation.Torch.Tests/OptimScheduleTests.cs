using MLSegmentation.Torch.Optim;
using MLSegmentation.Torch.Serialization;

namespace MLSegmentation.Torch.Tests;

public class OptimScheduleTests
{
    private static readonly double[] s_bases = [0.1, 0.5];
    private static readonly double[] s_stepRates = [0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125, 0.125];
    private DisposeScope _scope = null!;
    private Optimizer _optimizer = null!;

    [SetUp]
    public void CreateOptimizer()
    {
        _scope = torch.NewDisposeScope();
        var w = torch.ones(2).requires_grad_();
        var v = torch.ones(2).requires_grad_();
        _optimizer = torch.optim.SGD([new ParamGroup([w]), new ParamGroup([v], lr: 0.5)], lr: 0.1, momentum: 0.9);
    }

    [TearDown]
    public void Release()
    {
        _optimizer.Dispose();
        _scope.Dispose();
    }

    private static double[] Run(LRScheduler schedule, int steps, int group)
    {
        var lrs = new List<double> { schedule.optimizer.param_groups[group].lr };
        for (int k = 0; k < steps; k++)
        {
            schedule.optimizer.step();
            schedule.step();
            lrs.Add(schedule.optimizer.param_groups[group].lr);
            Assert.That(schedule.get_last_lr()[group], Is.EqualTo(lrs[^1]));
        }
        return [.. lrs];
    }

    [Test]
    public void PolyDecaysToZeroWithThePower()
    {
        var poly = torch.optim.lr_scheduler.PolyLR(_optimizer, total_iters: 10, power: 0.9);
        double[] lrs = Run(poly, 12, group: 0);
        double[] expected = Enumerable.Range(0, 13).Select(e => 0.1 * Math.Pow(1 - Math.Min(e, 10) / 10.0, 0.9)).ToArray();
        Assert.That(lrs, Is.EqualTo(expected).Within(1e-12));
        Assert.That(lrs[5], Is.EqualTo(0.1 * Math.Pow(0.5, 0.9)).Within(1e-12));
        Assert.That(lrs[10], Is.Zero);
        Assert.That(_optimizer.param_groups[1].lr, Is.Zero);
        Assert.That(poly.base_lrs, Is.EqualTo(s_bases));
    }

    [Test]
    public void StepMultipliesByGammaEveryStepSize()
    {
        var schedule = torch.optim.lr_scheduler.StepLR(_optimizer, step_size: 3, gamma: 0.5);
        double[] lrs = Run(schedule, 7, group: 1);
        Assert.That(lrs, Is.EqualTo(s_stepRates).Within(1e-12));
    }

    [Test]
    public void CosineFollowsTheHalfCosine()
    {
        var schedule = torch.optim.lr_scheduler.CosineAnnealingLR(_optimizer, T_max: 8, eta_min: 0.01);
        double[] lrs = Run(schedule, 8, group: 0);
        Assert.That(lrs[0], Is.EqualTo(0.1).Within(1e-12));
        Assert.That(lrs[4], Is.EqualTo(0.01 + 0.09 * 0.5).Within(1e-12));
        Assert.That(lrs[2], Is.EqualTo(0.01 + 0.09 * (1 + Math.Cos(Math.PI / 4)) / 2).Within(1e-12));
        Assert.That(lrs[8], Is.EqualTo(0.01).Within(1e-12));
    }

    [Test]
    public void WarmupRampsLinearlyThenHandsOver()
    {
        var after = torch.optim.lr_scheduler.PolyLR(_optimizer, total_iters: 4, power: 1.0);
        var warmup = torch.optim.lr_scheduler.LinearWarmup(_optimizer, warmup_iters: 4, after, start_factor: 0.2);
        double[] lrs = Run(warmup, 9, group: 1);
        double[] expected = [0.5 * 0.2, 0.5 * 0.4, 0.5 * 0.6, 0.5 * 0.8, 0.5, 0.375, 0.25, 0.125, 0];
        Assert.That(lrs[..9], Is.EqualTo(expected).Within(1e-12));
    }

    [Test]
    public void StateRestoresTheCounterAndTheRates()
    {
        var after = torch.optim.lr_scheduler.CosineAnnealingLR(_optimizer, T_max: 10);
        var warmup = torch.optim.lr_scheduler.LinearWarmup(_optimizer, warmup_iters: 3, after);
        for (int k = 0; k < 6; k++) warmup.step();
        string file = Path.Combine(Path.GetTempPath(), $"mlseg-sched-{Guid.NewGuid():N}.sd");
        try
        {
            using (StateDict state = warmup.state_dict()) state.Save(file);
            double[] expectedNext = [warmup.LrAt(0.1, 7), warmup.LrAt(0.5, 7)];

            using var scope = torch.NewDisposeScope();
            using var fresh = torch.optim.SGD([new ParamGroup([torch.ones(1).requires_grad_()]), new ParamGroup([torch.ones(1).requires_grad_()], lr: 0.5)], lr: 0.1);
            var resumed = torch.optim.lr_scheduler.LinearWarmup(fresh, 3, torch.optim.lr_scheduler.CosineAnnealingLR(fresh, T_max: 10));
            using (StateDict loaded = StateDict.Load(file)) resumed.load_state_dict(loaded);
            Assert.That(resumed.last_epoch, Is.EqualTo(6));
            Assert.That(resumed.get_last_lr(), Is.EqualTo(warmup.get_last_lr()));
            resumed.step();
            Assert.That(fresh.param_groups.Select(g => g.lr), Is.EqualTo(expectedNext).Within(1e-15));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
