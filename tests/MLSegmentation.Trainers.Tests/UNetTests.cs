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
        Assert.That(net.Options.SizeMultiples, Is.EqualTo(new long[] { 4, 4 }));
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

    [Test]
    public void AnisotropicFactorsDownsampleOnlyTheirAxesAndPadToTheirMultiples()
    {
        torch.manual_seed(4);
        using var scope = torch.NewDisposeScope();
        var options = new UNetOptions
        {
            Dimensions = 3, InputChannels = 1, Classes = 2, Depth = 3, BaseWidth = 4, Normalization = Normalization.Instance, DeepSupervision = true,
            DownsamplingFactors = [[1, 2, 2], [1, 2, 2], [2, 2, 2]],
        };
        using var net = new UNet(options);
        net.eval();
        Assert.That(options.SizeMultiples, Is.EqualTo(new long[] { 2, 8, 8 }));
        Assert.That(options.Scale(2), Is.EqualTo(new long[] { 1, 4, 4 }));
        Assert.That(net.Weights()["up.2.weight"].Shape, Is.EqualTo(new long[] { 8, 4, 1, 2, 2 }), "the last up-sampling undoes the first step's [1, 2, 2]");

        Tensor input = torch.randn([1, 1, 5, 20, 17]);
        Assert.That(net.Encode(input).Select(f => f.shape.Skip(2).ToArray()),
            Is.EqualTo(new[] { new long[] { 5, 20, 17 }, [5, 10, 9], [5, 5, 5], [3, 3, 3] }), "ceil(size / scale) per axis at every stage");
        Assert.That(net.ForwardDeep(input).Select(o => o.shape.Skip(2).ToArray()), Is.EqualTo(new[] { new long[] { 5, 20, 17 }, [5, 10, 9], [5, 5, 5] }));
        Tensor padded = torch.nn.functional.pad(input, [0, 7, 0, 4, 0, 1]);
        Tensor expected = net.forward(padded).narrow(2, 0, 5).narrow(3, 0, 20).narrow(4, 0, 17);
        Assert.That((net.forward(input) - expected).abs().max().item<float>(), Is.LessThanOrEqualTo(1e-5f));
    }

    [Test]
    public void InvalidDownsamplingFactorsAreRefusedByName()
    {
        var tooFew = new UNetOptions { Depth = 3, DownsamplingFactors = [[2, 2], [1, 2]] };
        var error = Assert.Throws<ArgumentException>(() => tooFew.Validate());
        Assert.That(error!.ParamName, Is.EqualTo(nameof(UNetOptions.DownsamplingFactors)));
        Assert.That(error.Message, Does.Contain("2 down-sampling steps given for a network of depth 3"));
        var wrong = new UNetOptions { Depth = 2, DownsamplingFactors = [[3, 2], [2, 2]] };
        Assert.That(() => new UNet(wrong), Throws.ArgumentException.With.Message.Contains("step 1 is [3, 2]: each step needs 2 factors, each 1 or 2"));
        var rank = new UNetOptions { Dimensions = 3, Depth = 1, DownsamplingFactors = [[2, 2]] };
        Assert.That(() => rank.Validate(), Throws.ArgumentException.With.Message.Contains("each step needs 3 factors"));
    }
}
