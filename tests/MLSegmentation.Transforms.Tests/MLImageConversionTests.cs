using Microsoft.ML.Data;
using MLSegmentation.Transforms;

namespace MLSegmentation.Transforms.Tests;

public class MLImageConversionTests
{
    private static Image Ramp(int channels, int height, int width)
    {
        var image = new Image(channels, [height, width]);
        for (int i = 0; i < image.Data.Length; i++) image.Data[i] = (i * 37 + i / 5) % 256;
        return image;
    }

    [TestCase(1)]
    [TestCase(3)]
    public void AnImageSurvivesTheRoundTripThroughMLImageExactly(int channels)
    {
        Image original = Ramp(channels, 5, 7);
        using MLImage converted = original.ToMLImage();
        Assert.That(converted.PixelFormat, Is.EqualTo(MLPixelFormat.Bgra32));
        Assert.That((converted.Width, converted.Height), Is.EqualTo((7, 5)));
        Image back = converted.ToImage();
        Assert.That(back.Channels, Is.EqualTo(channels));
        Assert.That(back.Size, Is.EqualTo(new[] { 5, 7 }));
        Assert.That(back.Data, Is.EqualTo(original.Data));
    }

    [Test]
    public void ChannelsFollowTheBytesOfBgraAndRgbaPixels()
    {
        // One pixel: red 10, green 20, blue 30.
        using var bgra = MLImage.CreateFromPixels(1, 1, MLPixelFormat.Bgra32, [30, 20, 10, 255]);
        using var rgba = MLImage.CreateFromPixels(1, 1, MLPixelFormat.Rgba32, [10, 20, 30, 255]);
        Assert.That(bgra.ToImage().Data, Is.EqualTo(new float[] { 10, 20, 30 }));
        Assert.That(rgba.ToImage().Data, Is.EqualTo(new float[] { 10, 20, 30 }));
        Assert.That(bgra.IsGrey(), Is.False);
    }

    [Test]
    public void AskedChannelCountsAreHonouredOrRefused()
    {
        using MLImage grey = Ramp(1, 3, 3).ToMLImage();
        Image three = grey.ToImage(channels: 3);
        Assert.That(three.Channels, Is.EqualTo(3));
        Assert.That(three.Data.AsSpan(18, 9).ToArray(), Is.EqualTo(three.Data.AsSpan(0, 9).ToArray()));
        using MLImage colour = Ramp(3, 3, 3).ToMLImage();
        var e = Assert.Throws<ArgumentException>(() => colour.ToImage(channels: 1))!;
        Assert.That(e.Message, Does.Contain("colour 3×3 image"));
        Assert.Throws<ArgumentOutOfRangeException>(() => grey.ToImage(channels: 2));
    }

    [Test]
    public void MasksBecomeClassIndicesAndColourMasksAreRefused()
    {
        var labels = new Image(1, [2, 3], [0, 1, 2, 2, 1, 0]);
        using MLImage mask = labels.ToMLImage();
        LabelMap map = mask.ToLabelMap("row 0 of column 'Label'");
        Assert.That(map.Data, Is.EqualTo(new[] { 0, 1, 2, 2, 1, 0 }));

        using MLImage binary = new Image(1, [1, 4], [0, 255, 255, 0]).ToMLImage();
        Assert.That(binary.ToLabelMap("binary").Data, Is.EqualTo(new[] { 0, 1, 1, 0 }));

        using var colour = MLImage.CreateFromPixels(2, 1, MLPixelFormat.Bgra32, [0, 0, 0, 255, 0, 0, 200, 255]);
        var e = Assert.Throws<DatasetException>(() => colour.ToLabelMap("row 4 of column 'Label'"))!;
        Assert.That(e.Message, Does.Contain("row 4 of column 'Label'").And.Contain("pixel 1, 0 is not grey"));
    }

    [Test]
    public void OnlyTwoDimensionalImagesOfOneOrThreeChannelsConvert()
    {
        Assert.Throws<ArgumentException>(() => new Image(2, [4, 4]).ToMLImage());
        Assert.Throws<ArgumentException>(() => new Image(1, [2, 4, 4]).ToMLImage());
    }
}
