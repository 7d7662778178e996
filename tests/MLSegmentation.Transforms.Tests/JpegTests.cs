namespace MLSegmentation.Transforms.Tests;

public class JpegTests
{
    private static readonly string[] Fixtures = ["baseline420.jpg", "progressive.jpg", "grey.jpg"];

    private static IEnumerable<TestCaseData> JpegDecodes() => TestData.ExpectedDecodes(".jpg").Select(e => new TestCaseData(e).SetName($"DecodeMatchesPillowsLibjpeg({Path.GetFileName(e.File)})"));

    [TestCaseSource(nameof(JpegDecodes))]
    public void DecodeMatchesPillowsLibjpeg(TestData.Expected expected)
    {
        Image image = JpegFile.ReadImage(TestData.Installed(expected.File));
        Assert.That((image.Width, image.Height, image.Channels), Is.EqualTo((expected.Width, expected.Height, expected.Channels)));
        var interleaved = new byte[image.Data.Length];
        for (int i = 0; i < image.VoxelCount; i++)
        {
            for (int c = 0; c < image.Channels; c++)
            {
                interleaved[i * image.Channels + c] = (byte)image.Data[c * image.VoxelCount + i];
            }
        }

        Assert.That(TestData.Sha256(interleaved), Is.EqualTo(expected.Sha256));
    }

    [Test]
    public void SkimagesTruncatedJpegFailsWithItsName()
    {
        string path = TestData.Installed(TestData.SkimageData + "truncated.jpg");
        var e = Assert.Throws<InvalidDataException>(() => JpegFile.ReadImage(path));
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
                var e = Assert.Throws<InvalidDataException>(() => JpegDecoder.Decode(bytes.AsSpan(0, length), name), $"{name} cut at {length}");
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
                    JpegDecoder.Decode(bytes, name);
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
        float[] reference = JpegDecoder.Decode(bytes, "p").Data;
        Parallel.For(0, 16, _ => Assert.That(JpegDecoder.Decode(bytes, "p").Data, Is.EqualTo(reference)));
    }
}
