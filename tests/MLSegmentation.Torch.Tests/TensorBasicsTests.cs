using MLSegmentation.Torch;
using F = MLSegmentation.Torch.torch.nn.functional;

namespace MLSegmentation.Torch.Tests;

public class TensorBasicsTests
{
    [Test]
    public void FactoriesAndDataRoundTrip()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.tensor(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        Assert.That(t.shape, Is.EqualTo(new long[] { 2, 3 }));
        Assert.That(t.dtype, Is.EqualTo(ScalarType.Float32));
        Assert.That(t.device, Is.EqualTo(Device.Cpu with { Index = -1 }));
        Assert.That(t.data<float>(), Is.EqualTo(new float[] { 1, 2, 3, 4, 5, 6 }));
        Assert.That(torch.zeros(3, 4).sum().ToDouble(), Is.EqualTo(0));
        Assert.That(torch.ones(3, 4).sum().ToDouble(), Is.EqualTo(12));
        Assert.That(torch.arange(5).data<long>(), Is.EqualTo(new long[] { 0, 1, 2, 3, 4 }));
    }

    [Test]
    public void ArithmeticMatchesHandComputedValues()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.tensor(new float[] { 1, 2, 3 });
        var b = torch.tensor(new float[] { 4, 5, 6 });
        Assert.That((a + b).data<float>(), Is.EqualTo(new float[] { 5, 7, 9 }));
        Assert.That((a * b - 1).data<float>(), Is.EqualTo(new float[] { 3, 9, 17 }));
        Assert.That((2 - a).data<float>(), Is.EqualTo(new float[] { 1, 0, -1 }));
        Assert.That(a.matmul(b).ToDouble(), Is.EqualTo(32));
    }

    [Test]
    public void IndexingSelectsAndSlices()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.arange(0, 24, 1).reshape(2, 3, 4);
        Assert.That(t[1, 2, 3].ToDouble(), Is.EqualTo(23));
        Assert.That(t[TensorIndex.Ellipsis, 0].shape, Is.EqualTo(new long[] { 2, 3 }));
        Assert.That(t[.., 1..3].shape, Is.EqualTo(new long[] { 2, 2, 4 }));
        Assert.That(t[0, ^1..].data<float>(), Is.EqualTo(new float[] { 8, 9, 10, 11 }));
        var mask = t.gt(20);
        Assert.That(t[mask].data<float>(), Is.EqualTo(new float[] { 21, 22, 23 }));
    }

    [Test]
    public void ConvolutionBackwardRecordsTheOperator()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(2, 3, 8, 8);
        var w = torch.randn(4, 3, 3, 3).requires_grad_();
        var y = F.conv2d(x, w, padding: 1);
        Assert.That(y.shape, Is.EqualTo(new long[] { 2, 4, 8, 8 }));
        Assert.That(y.grad_fn, Is.EqualTo("ConvolutionBackward0"));
        y.sum().backward();
        Assert.That(w.grad, Is.Not.Null);
        Assert.That(w.grad!.shape, Is.EqualTo(w.shape));
    }

    [Test]
    public void ShapeMismatchThrowsReadableException()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.ones(2, 3);
        var b = torch.ones(4, 5);
        var e = Assert.Throws<TorchException>(() => a.matmul(b));
        Assert.That(e!.Message, Does.StartWith("aten::matmul"));
        Assert.That(e.Message, Does.Contain("cannot be multiplied"));
    }

    [Test]
    public void AutocastRunsConvolutionInBFloat16()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(1, 3, 8, 8);
        var w = torch.randn(4, 3, 3, 3);
        using (torch.autocast(DeviceType.CPU))
        {
            Assert.That(F.conv2d(x, w).dtype, Is.EqualTo(ScalarType.BFloat16));
        }
        Assert.That(F.conv2d(x, w).dtype, Is.EqualTo(ScalarType.Float32));
    }
}
