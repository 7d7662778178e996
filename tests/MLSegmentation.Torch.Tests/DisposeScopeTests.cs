using System.Globalization;
using F = MLSegmentation.Torch.torch.nn.functional;

namespace MLSegmentation.Torch.Tests;

/// <summary>Dispose scopes release what they own, keep what is moved out, nest; a training loop holds constant memory.</summary>
public class DisposeScopeTests
{
    [Test]
    public void TensorsCreatedInsideAreDisposedAtTheEnd()
    {
        Tensor a, b, c;
        using (var scope = torch.NewDisposeScope())
        {
            a = torch.ones(2);
            b = a + a;
            c = F.relu(b).sum();
            Assert.That(scope.Count, Is.EqualTo(4)); // a, b, relu(b), sum
        }
        Assert.That(a.IsDisposed && b.IsDisposed && c.IsDisposed, Is.True);
    }

    [Test]
    public void TensorsCreatedOutsideAreNotTouched()
    {
        using Tensor outside = torch.ones(2);
        using (torch.NewDisposeScope())
        {
            using var inner = outside * 2;
        }
        Assert.That(outside.IsDisposed, Is.False);
        Assert.That(outside.sum().ToDouble(), Is.EqualTo(2));
    }

    [Test]
    public void MoveToOuterAndDetachKeepResults()
    {
        Tensor moved, detached, dropped;
        using (var outer = torch.NewDisposeScope())
        {
            using (var inner = torch.NewDisposeScope())
            {
                moved = (torch.ones(3) * 2).MoveToOuterDisposeScope();
                detached = torch.ones(3).DetachFromDisposeScope();
                dropped = torch.ones(3);
                Assert.That(inner.Count, Is.EqualTo(2)); // the product's operand and `dropped`
            }
            Assert.That(dropped.IsDisposed, Is.True);
            Assert.That(moved.IsDisposed, Is.False);
            Assert.That(moved.sum().ToDouble(), Is.EqualTo(6));
            Assert.That(outer.Count, Is.EqualTo(2)); // moved and its sum
        }
        Assert.That(moved.IsDisposed, Is.True);
        Assert.That(detached.IsDisposed, Is.False);
        Assert.That(detached.sum().ToDouble(), Is.EqualTo(3));
        detached.Dispose();
    }

    [Test]
    public void MoveOutOfTheOutermostScopeHandsOwnershipToTheCaller()
    {
        Tensor kept;
        using (torch.NewDisposeScope())
        {
            kept = torch.ones(2).MoveToOuterDisposeScope();
        }
        Assert.That(kept.IsDisposed, Is.False);
        kept.Dispose();
    }

    [Test]
    public void NestedScopesEachOwnTheirOwn()
    {
        Tensor a, b, c;
        using (torch.NewDisposeScope())
        {
            a = torch.ones(1);
            using (torch.NewDisposeScope())
            {
                b = torch.ones(1);
                using (torch.NewDisposeScope())
                {
                    c = torch.ones(1);
                }
                Assert.That(c.IsDisposed, Is.True);
                Assert.That(b.IsDisposed, Is.False);
            }
            Assert.That(b.IsDisposed, Is.True);
            Assert.That(a.IsDisposed, Is.False);
        }
        Assert.That(a.IsDisposed, Is.True);
    }

    [Test]
    public void DisposingATensorEarlyRemovesItFromItsScope()
    {
        using var scope = torch.NewDisposeScope();
        Tensor t = torch.ones(1);
        Assert.That(scope.Count, Is.EqualTo(1));
        t.Dispose();
        Assert.That(scope.Count, Is.Zero);
    }

    [Test]
    public void ClosingAnOuterScopeFirstIsRefusedAndLeavesBothUsable()
    {
        var outer = torch.NewDisposeScope();
        var inner = torch.NewDisposeScope();
        Tensor t = torch.ones(1);
        Assert.Throws<InvalidOperationException>(() => outer.Dispose());
        Assert.That(t.IsDisposed, Is.False);
        inner.Dispose();
        Assert.That(t.IsDisposed, Is.True);
        Tensor u = torch.ones(1);
        outer.Dispose();
        Assert.That(u.IsDisposed, Is.True);
    }

    [Test]
    public void GradientsAndMultipleResultsJoinTheScope()
    {
        Tensor w = torch.ones(2).requires_grad_();
        Tensor? g;
        Tensor values, indices;
        using (torch.NewDisposeScope())
        {
            (w * 3).sum().backward();
            g = w.grad;
            (values, indices) = torch.tensor(new float[] { 1, 3, 2 }).max(0);
        }
        Assert.That(g!.IsDisposed && values.IsDisposed && indices.IsDisposed, Is.True);
        Assert.That(w.IsDisposed, Is.False);
        using (var again = w.grad)
        {
            Assert.That(again!.data<float>(), Is.EqualTo(new float[] { 3, 3 }));
        }
        w.Dispose();
    }

    [Test]
    public void TrainingLoopHoldsConstantMemory()
    {
        // A tiny two-layer conv net written functionally, trained by SGD in place, one scope per iteration.
        torch.manual_seed(0);
        Tensor w1 = (torch.randn(4, 1, 3, 3) * 0.3).DetachFromDisposeScope().requires_grad_();
        Tensor b1 = torch.zeros(4).requires_grad_();
        Tensor w2 = (torch.randn(2, 4, 3, 3) * 0.3).DetachFromDisposeScope().requires_grad_();
        Tensor b2 = torch.zeros(2).requires_grad_();
        Tensor[] parameters = [w1, b1, w2, b2];
        Tensor x = torch.randn(4, 1, 12, 12);
        Tensor y = x.gt(0.2).to(ScalarType.Int64).squeeze(1);

        long rssAt200 = 0;
        double firstLoss = 0, lastLoss = 0;
        for (int iteration = 1; iteration <= 2000; iteration++)
        {
            using var scope = torch.NewDisposeScope();
            Tensor h = F.relu(F.conv2d(x, w1, b1, padding: 1));
            Tensor logits = F.conv2d(h, w2, b2, padding: 1);
            Tensor loss = F.cross_entropy(logits, y);
            Tensor?[] grads = torch.autograd.grad([loss], parameters);
            using (torch.no_grad())
            {
                for (int k = 0; k < parameters.Length; k++) parameters[k].sub_(grads[k]!, alpha: 0.5);
            }
            if (iteration == 1) firstLoss = loss.ToDouble();
            if (iteration == 2000) lastLoss = loss.ToDouble();
            if (iteration == 200) rssAt200 = ResidentBytes();
        }
        long rssAt2000 = ResidentBytes();
        foreach (Tensor p in parameters) p.Dispose();
        x.Dispose();
        y.Dispose();

        Assert.That(lastLoss, Is.LessThan(firstLoss * 0.5), "the net should learn the threshold");
        double growthMb = (rssAt2000 - rssAt200) / (1024.0 * 1024.0);
        TestContext.Out.WriteLine($"VmRSS at 200: {rssAt200 / 1048576.0:F1} MB, at 2000: {rssAt2000 / 1048576.0:F1} MB, growth {growthMb:F1} MB");
        Assert.That(growthMb, Is.LessThan(50), "resident memory grew over the loop");
    }

    private static long ResidentBytes()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return long.Parse(parts[1], CultureInfo.InvariantCulture) * 1024;
        }
        throw new InvalidOperationException("no VmRSS in /proc/self/status");
    }
}
