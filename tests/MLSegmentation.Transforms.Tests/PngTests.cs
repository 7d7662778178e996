using System.Buffers.Binary;

namespace MLSegmentation.Transforms.Tests;

public class PngTests
{
    private static readonly (PngColorType Type, int Depth)[] WrittenFormats =
    [
        (PngColorType.Grey, 8), (PngColorType.Grey, 16), (PngColorType.GreyAlpha, 8), (PngColorType.GreyAlpha, 16),
        (PngColorType.Rgb, 8), (PngColorType.Rgba, 8),
    ];

    private static readonly string[] TruncatedFixtures = ["rgb8.png", "palette2.png", "grey16.png"];

    private static readonly string[] FlippedFixtures = ["rgb8.png", "palette4.png", "greyalpha8.png", "grey16.png"];

    private static IEnumerable<TestCaseData> PngDecodes() => TestData.ExpectedDecodes(".png").Select(e => new TestCaseData(e).SetName($"DecodeMatchesPillow({Path.GetFileName(e.File)})"));

    [TestCaseSource(nameof(PngDecodes))]
    public void DecodeMatchesPillow(TestData.Expected expected)
    {
        PngImage png = PngFile.Read(TestData.Installed(expected.File));
        Assert.That((png.Width, png.Height, png.Channels), Is.EqualTo((expected.Width, expected.Height, expected.Channels)));
        Assert.That(TestData.Sha256(SampleBytes(png, expected.BytesPerSample)), Is.EqualTo(expected.Sha256));
    }

    [Test]
    public void SyntheticFixturesHoldTheirFormulas()
    {
        Image rgba = PngFile.ReadImage(TestData.Fixture("png/rgba8.png"));
        Image grey16 = PngFile.ReadImage(TestData.Fixture("png/grey16.png"));
        LabelMap palette4 = PngFile.ReadLabels(TestData.Fixture("png/palette4.png"));
        Image palette4Colours = PngFile.ReadImage(TestData.Fixture("png/palette4.png"));
        for (int y = 0; y < 17; y++)
        {
            for (int x = 0; x < 23; x++)
            {
                for (int c = 0; c < 4; c++)
                {
                    Assert.That(rgba[c, y, x], Is.EqualTo((x * 7 + y * 13 + c * 50) % 256));
                }

                Assert.That(grey16[0, y, x], Is.EqualTo((x * 1031 + y * 4099) % 65536));
                int index = (x + 2 * y) % 16;
                Assert.That(palette4[y, x], Is.EqualTo(index));
                Assert.That(palette4Colours[1, y, x], Is.EqualTo(index * 5 % 256));
            }
        }
    }

    [Test]
    public void RoundTripsEveryWrittenFormat()
    {
        var random = new SampleRandom(1, 0);
        foreach ((PngColorType type, int depth) in WrittenFormats)
        {
            foreach ((int w, int h) in new[] { (1, 1), (3, 2), (9, 9), (17, 11) })
            {
                PngImage original = RandomPng(random, w, h, type, depth);
                PngImage decoded = PngDecoder.Decode(PngEncoder.Encode(original), "memory");
                string what = $"{type} {depth}-bit {w}×{h}";
                Assert.That(decoded.Samples.ToArray(), Is.EqualTo(original.Samples.ToArray()), what);
                Assert.That((decoded.ColorType, decoded.BitDepth, decoded.Width, decoded.Height), Is.EqualTo((type, depth, w, h)), what);
            }
        }
    }

    [Test]
    public void FormatsSkiaSharpCannotWriteExactlyAreRefused()
    {
        var random = new SampleRandom(4, 0);
        foreach ((PngColorType type, int depth) in new[] { (PngColorType.Palette, 8), (PngColorType.Grey, 4), (PngColorType.Rgb, 16), (PngColorType.Rgba, 16) })
        {
            PngImage png = RandomPng(random, 4, 3, type, depth);
            var e = Assert.Throws<ArgumentException>(() => PngEncoder.Encode(png));
            Assert.That(e!.Message, Does.Contain(type.ToString()));
        }
    }

    [Test]
    public void ImagesAndLabelsRoundTripThroughFiles()
    {
        string dir = TestData.TempFolder();
        var image = new Image(1, [5, 7]);
        var colour = new Image(3, [5, 7]);
        var labels = new LabelMap([5, 7]);
        for (int i = 0; i < image.Data.Length; i++)
        {
            image.Data[i] = i * 1931 % 65536;
        }

        for (int i = 0; i < colour.Data.Length; i++)
        {
            colour.Data[i] = i * 11 % 256;
        }

        for (int i = 0; i < labels.Data.Length; i++)
        {
            labels.Data[i] = i * 37 % 300;
        }

        PngFile.WriteImage(Path.Combine(dir, "i.png"), image, bitDepth: 16);
        PngFile.WriteImage(Path.Combine(dir, "c.png"), colour);
        PngFile.WriteLabels(Path.Combine(dir, "l.png"), labels);
        Assert.That(PngFile.ReadImage(Path.Combine(dir, "i.png")).Data, Is.EqualTo(image.Data));
        Assert.That(PngFile.ReadImage(Path.Combine(dir, "c.png")).Data, Is.EqualTo(colour.Data));
        Assert.That(PngFile.ReadLabels(Path.Combine(dir, "l.png")).Data, Is.EqualTo(labels.Data));
        Assert.That(PngFile.Read(Path.Combine(dir, "l.png")).BitDepth, Is.EqualTo(16), "labels above 255 need 16 bits");
        Assert.That(Directory.GetFiles(dir), Has.Length.EqualTo(3), "no temporary files left");
        Directory.Delete(dir, true);
    }

    [Test]
    public void ColourPngIsNotALabelMap()
    {
        string path = TestData.Fixture("png/rgb8.png");
        var e = Assert.Throws<InvalidDataException>(() => PngFile.ReadLabels(path));
        Assert.That(e!.Message, Does.Contain(path));
    }

    [Test]
    public void TruncatedFilesFailWithTheFileName()
    {
        string dir = TestData.TempFolder();
        foreach (string name in TruncatedFixtures)
        {
            byte[] bytes = File.ReadAllBytes(TestData.Fixture("png/" + name));
            for (int length = 0; length < bytes.Length; length++)
            {
                string path = Path.Combine(dir, $"{length}-{name}");
                File.WriteAllBytes(path, bytes[..length]);
                var e = Assert.Throws<InvalidDataException>(() => PngFile.Read(path), $"{name} cut at {length}");
                Assert.That(e!.Message, Does.Contain(path));
            }
        }

        Directory.Delete(dir, true);
    }

    [Test]
    public void BitFlipsNeverCrash()
    {
        var random = new SampleRandom(3, 0);
        var originals = FlippedFixtures
            .Select(n => File.ReadAllBytes(TestData.Fixture("png/" + n)))
            .Append(PngEncoder.Encode(RandomPng(random, 11, 7, PngColorType.GreyAlpha, 16)))
            .ToArray();
        int failures = 0;
        foreach (byte[] original in originals)
        {
            for (int trial = 0; trial < 300; trial++)
            {
                byte[] bytes = (byte[])original.Clone();
                int bit = random.NextInt(8, bytes.Length * 8 - 1);
                bytes[bit / 8] ^= (byte)(1 << (bit % 8));
                if (trial % 2 == 1)
                {
                    CodecMutations.RepairPngCrcs(bytes); // reach the header checks, zlib and the filters, not only the CRC
                }

                try
                {
                    PngDecoder.Decode(bytes, "flipped");
                }
                catch (InvalidDataException e)
                {
                    Assert.That(e.Message, Does.Contain("flipped"));
                    failures++;
                }
            }
        }

        Assert.That(failures, Is.GreaterThan(0));
    }

    internal static PngImage RandomPng(SampleRandom random, int w, int h, PngColorType type, int depth)
    {
        int channels = PngImage.ChannelsOf(type);
        int entries = type == PngColorType.Palette ? Math.Min(1 << depth, 1 + random.NextInt(256)) : 0;
        int max = type == PngColorType.Palette ? entries - 1 : (1 << depth) - 1;
        var samples = new ushort[w * h * channels];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (ushort)random.NextInt(max + 1);
        }

        byte[]? palette = null;
        if (type == PngColorType.Palette)
        {
            palette = new byte[entries * 3];
            for (int i = 0; i < palette.Length; i++)
            {
                palette[i] = (byte)random.NextInt(256);
            }
        }

        return new PngImage(w, h, type, depth, samples, palette);
    }

    private static byte[] SampleBytes(PngImage png, int bytesPerSample)
    {
        ReadOnlySpan<ushort> samples = png.Samples;
        var bytes = new byte[samples.Length * bytesPerSample];
        for (int i = 0; i < samples.Length; i++)
        {
            if (bytesPerSample == 2)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * i), samples[i]);
            }
            else
            {
                // Pillow reduces 16-bit colour PNGs (skimage's chessboard_RGB.png) to their high bytes.
                bytes[i] = (byte)(png.BitDepth == 16 ? samples[i] >> 8 : samples[i]);
            }
        }

        return bytes;
    }
}
