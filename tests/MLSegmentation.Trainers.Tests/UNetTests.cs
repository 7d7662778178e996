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
        var size = Assert.Throws<ArgumentException>(() => net.forward(torch.randn(1, 3, 18, 16)));
        Assert.That(size!.Message, Does.Contain("18 is not divisible by 2^Depth = 4"));
    }
}
