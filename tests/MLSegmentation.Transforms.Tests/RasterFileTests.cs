using System.Buffers.Binary;

namespace MLSegmentation.Transforms.Tests;

public class RasterFileTests
{
    private static IEnumerable<TestCaseData> OtherDecodes() => TestData.ExpectedDecodes(".bmp").Concat(TestData.ExpectedDecodes(".webp"))
        .Select(e => new TestCaseData(e).SetName($"DecodeMatchesPillow({Path.GetFileName(e.File)})"));

    [TestCaseSource(nameof(OtherDecodes))]
    public void DecodeMatchesPillow(TestData.Expected expected)
    {
        Image image = RasterFile.ReadImage(expected.File);
        Assert.That((image.Width, image.Height, image.Channels), Is.EqualTo((expected.Width, expected.Height, expected.Channels)));
        Assert.That(TestData.Sha256(TestData.Interleaved8(image)), Is.EqualTo(expected.Sha256));
    }

    [Test]
    public void ReadsPngsThroughTheExactPath()
    {
        Image grey16 = RasterFile.ReadImage(TestData.Fixture("png/grey16.png"));
        Assert.That(grey16[0, 16, 22], Is.EqualTo((22 * 1031 + 16 * 4099) % 65536));
    }

    [Test]
    public void LossyWebPIsCloseToTheSourcePattern()
    {
        Image webp = RasterFile.ReadImage(TestData.Fixture("webp/lossy.webp"));
        Image jpeg = RasterFile.ReadImage(TestData.Fixture("jpeg/baseline420.jpg"));
        Assert.That((webp.Channels, webp.Height, webp.Width), Is.EqualTo((3, 51, 69)));
        double meanError = webp.Data.Zip(jpeg.Data, (a, b) => Math.Abs(a - b)).Average();
        Assert.That(meanError, Is.LessThan(6), "both encode the same smooth gradient");
    }

    [TestCase("png/rgb8.png")]
    [TestCase("jpeg/baseline420.jpg")]
    [TestCase("bmp/rgb24.bmp")]
    [TestCase("webp/lossless.webp")]
    public void EmptyAndWrongMagicFilesFailWithTheFileName(string fixture)
    {
        string dir = TestData.TempFolder();
        byte[] bytes = File.ReadAllBytes(TestData.Fixture(fixture));
        string empty = Path.Combine(dir, "empty" + Path.GetExtension(fixture));
        string wrong = Path.Combine(dir, "wrong" + Path.GetExtension(fixture));
        File.WriteAllBytes(empty, []);
        bytes[0] ^= 0x5A;
        bytes[1] ^= 0x5A;
        File.WriteAllBytes(wrong, bytes);
        foreach (string path in new[] { empty, wrong })
        {
            var e = Assert.Throws<InvalidDataException>(() => RasterFile.ReadImage(path));
            Assert.That(e!.Message, Does.Contain(path));
        }

        Directory.Delete(dir, true);
    }

    [TestCase("png/grey8.png")]
    [TestCase("jpeg/grey.jpg")]
    [TestCase("bmp/rgb24.bmp")]
    [TestCase("webp/lossless.webp")]
    public void HugeDeclaredSizesFailBeforeAllocating(string fixture)
    {
        byte[] bytes = CodecMutations.WithDimensions(File.ReadAllBytes(TestData.Fixture(fixture)), 60000, 60000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => RasterFile.Decode(bytes, fixture));
        Assert.That(e!.Message, Does.Contain(fixture));
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(1 << 20), "no pixel buffer for 60000×60000");
    }

    [Test]
    public void PngDeclaringMorePixelsThanItsDataCanHoldFails()
    {
        byte[] bytes = CodecMutations.WithDimensions(File.ReadAllBytes(TestData.Fixture("png/grey8.png")), 5000, 5000);
        Assert.That(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), Is.EqualTo(5000));
        var e = Assert.Throws<InvalidDataException>(() => PngFile.ReadImage(WriteTemp(bytes)));
        Assert.That(e!.Message, Does.Contain("compressed data"));
    }

    private static string WriteTemp(byte[] bytes)
    {
        string path = Path.Combine(TestData.TempFolder(), "declared.png");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
