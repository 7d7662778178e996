namespace MLSegmentation.Transforms.Tests;

public class JpegTests
{
    private static readonly string[] Fixtures = ["baseline420.jpg", "progressive.jpg", "grey.jpg"];

    private static IEnumerable<TestCaseData> JpegDecodes() => TestData.ExpectedDecodes(".jpg").Select(e => new TestCaseData(e).SetName($"DecodeMatchesPillow({Path.GetFileName(e.File)})"));

    [TestCaseSource(nameof(JpegDecodes))]
    public void DecodeMatchesPillow(TestData.Expected expected)
    {
        Image image = RasterFile.ReadImage(TestData.Installed(expected.File));
        Assert.That((image.Width, image.Height, image.Channels), Is.EqualTo((expected.Width, expected.Height, expected.Channels)));
        Assert.That(TestData.Sha256(TestData.Interleaved8(image)), Is.EqualTo(expected.Sha256));
    }

    [Test]
    public void SkimagesTruncatedJpegFailsWithItsName()
    {
        string path = TestData.Installed(TestData.SkimageData + "truncated.jpg");
        var e = Assert.Throws<InvalidDataException>(() => RasterFile.ReadImage(path));
        Assert.That(e!.Message, Does.Contain(path));
    }

    [Test]
    public void TruncatedFilesFail()
    {
        foreach (string name in Fixtures)
        {
            byte[] bytes = File.ReadAllBytes(TestData.Fixture("jpeg/" + name));
            for (int length = 0; length < bytes.Length - 2; length++)
            {
                var e = Assert.Throws<InvalidDataException>(() => RasterFile.Decode(bytes.AsSpan(0, length), name), $"{name} cut at {length}");
                Assert.That(e!.Message, Does.Contain(name));
            }
        }
    }

    [Test]
    public void BitFlipsNeverCrash()
    {
        var random = new SampleRandom(5, 0);
        int failures = 0;
        foreach (string name in Fixtures)
        {
            byte[] original = File.ReadAllBytes(TestData.Fixture("jpeg/" + name));
            for (int trial = 0; trial < 200; trial++)
            {
                byte[] bytes = (byte[])original.Clone();
                int bit = random.NextInt(bytes.Length * 8);
                bytes[bit / 8] ^= (byte)(1 << (bit % 8));
                try
                {
                    RasterFile.Decode(bytes, name);
                }
                catch (InvalidDataException e)
                {
                    Assert.That(e.Message, Does.Contain(name));
                    failures++;
                }
            }
        }

        Assert.That(failures, Is.GreaterThan(0));
    }

    [Test]
    public void DecodesFromManyThreadsAtOnce()
    {
        byte[] bytes = File.ReadAllBytes(TestData.Fixture("jpeg/progressive.jpg"));
        float[] reference = RasterFile.Decode(bytes, "p").Data;
        Parallel.For(0, 16, _ => Assert.That(RasterFile.Decode(bytes, "p").Data, Is.EqualTo(reference)));
    }
}
