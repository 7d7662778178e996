using MLSegmentation.Networks;
using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Segmenters;

namespace MLSegmentation.Trainers.Tests;

public class UNetTests
{
    [Test]
    public void DesignAnchorNetworkHasPyTorchsParameterCount()
    {
        // bench/python/unet_train.py builds the same network in PyTorch: 7,762,564 parameters.
        using var net = new UNet(new UNetOptions { InputChannels = 1, Classes = 4 });
        long count = net.parameters().Sum(p => p.numel());
        Assert.That(count, Is.EqualTo(7_762_564));
    }

    [TestCase(Normalization.Batch, Downsampling.MaxPool, Upsampling.TransposedConvolution)]
    [TestCase(Normalization.Instance, Downsampling.StridedConvolution, Upsampling.Interpolation)]
    [TestCase(Normalization.Group, Downsampling.MaxPool, Upsampling.Interpolation)]
    public void TwoDimensionalOutputHasOneLogitPerClassAndPixel(Normalization norm, Downsampling down, Upsampling up)
    {
        torch.manual_seed(1);
        using var scope = torch.NewDisposeScope();
        using var net = new UNet(new UNetOptions
        {
            InputChannels = 2, Classes = 3, Depth = 2, BaseWidth = 8, Normalization = norm, Downsampling = down, Upsampling = up,
        });
        var y = net.forward(torch.randn(2, 2, 16, 24));
        Assert.That(y.shape, Is.EqualTo(new long[] { 2, 3, 16, 24 }));
        Assert.That(y.isfinite().all().item<bool>(), Is.True);
    }

    [Test]
    public void DeepSupervisionGivesOneOutputPerDecoderResolution()
    {
        torch.manual_seed(1);
        using var scope = torch.NewDisposeScope();
        using var net = new UNet(UNetOptions.NnUNet(dimensions: 3, inputChannels: 1, classes: 2, depth: 3) with { BaseWidth = 4, MaxWidth = 16 });
        var outputs = net.ForwardDeep(torch.randn([1, 1, 16, 16, 16]));
        Assert.That(outputs.Select(o => o.shape), Is.EqualTo(new[]
        {
            new long[] { 1, 2, 16, 16, 16 }, new long[] { 1, 2, 8, 8, 8 }, new long[] { 1, 2, 4, 4, 4 },
        }));
    }

    [Test]
    public void WrongInputIsRejectedWithTheExpectedShape()
    {
        using var net = new UNet(new UNetOptions { InputChannels = 3, Classes = 2, Depth = 2, BaseWidth = 4 });
        using var scope = torch.NewDisposeScope();
        var channels = Assert.Throws<ArgumentException>(() => net.forward(torch.randn(1, 1, 16, 16)));
        Assert.That(channels!.Message, Does.Contain("expected [N, 3, H, W]"));
        var rank = Assert.Throws<ArgumentException>(() => net.forward(torch.randn([1, 3, 1, 16, 16])));
        Assert.That(rank!.Message, Does.Contain("1×3×1×16×16, expected [N, 3, H, W]"));
    }

    [TestCase(Normalization.Batch)]
    [TestCase(Normalization.Instance)]
    public void AnySizeIsZeroPaddedAtItsEndToTheSizeMultipleAndCroppedBack(Normalization norm)
    {
        torch.manual_seed(3);
        using var scope = torch.NewDisposeScope();
        using var net = new UNet(new UNetOptions { InputChannels = 1, Classes = 2, Depth = 2, BaseWidth = 4, Normalization = norm, DeepSupervision = true });
        net.eval();
        Assert.That(net.Options.SizeMultiple, Is.EqualTo(4));
        Tensor input = torch.randn(2, 1, 18, 13).requires_grad_();
        Tensor padded = torch.nn.functional.pad(input.detach(), [0, 3, 0, 2]);

        Tensor logits = net.forward(input);
        Assert.That(logits.shape, Is.EqualTo(new long[] { 2, 2, 18, 13 }));
        Tensor expected = net.forward(padded).narrow(2, 0, 18).narrow(3, 0, 13);
        Assert.That((logits - expected).abs().max().item<float>(), Is.LessThanOrEqualTo(1e-6f));
        Assert.That(net.ForwardDeep(input).Select(o => o.shape), Is.EqualTo(new[] { new long[] { 2, 2, 18, 13 }, new long[] { 2, 2, 9, 7 } }));
        Assert.That(net.Encode(input).Select(f => f.shape[2..]), Is.EqualTo(new[] { new long[] { 18, 13 }, new long[] { 9, 7 }, new long[] { 5, 4 } }));

        logits.sum().backward();
        Assert.That(input.grad!.shape, Is.EqualTo(input.shape));
        Assert.That(input.grad!.abs().sum().item<float>(), Is.GreaterThan(0f));
    }
}
