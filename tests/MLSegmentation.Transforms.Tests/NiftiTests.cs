using System.Buffers.Binary;
using System.IO.Compression;

namespace MLSegmentation.Transforms.Tests;

public class NiftiTests
{
    private static readonly NiftiDataType[] AllTypes = Enum.GetValues<NiftiDataType>();
    private static readonly string[] Extensions = [".nii", ".nii.gz"];
    private static readonly int[] MniShape = [181, 217, 181];
    private static readonly double[] Ch2Affine = [1, 0, 0, -90, 0, 1, 0, -125, 0, 0, 1, -71, 0, 0, 0, 1];
    private static readonly int[] JhuSize = [136, 189, 157];
    private static readonly int[] BigEndianSize = [2, 3, 4];
    private static readonly double[] BigEndianSpacing = [3.0, 2.0, 1.0];
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = TestData.TempFolder();

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, true);

    [Test]
    public void ReadsMricronColinBrain()
    {
        NiftiImage ch2 = NiftiFile.ReadImage(TestData.Installed(TestData.MricronTemplates + "ch2.nii.gz"));
        Assert.That(ch2.Header.Shape, Is.EqualTo(MniShape));
        Assert.That(ch2.Header.DataType, Is.EqualTo(NiftiDataType.UInt8));
        Assert.That(ch2.Header.SFormCode, Is.EqualTo(4));
        Assert.That(ch2.Header.Affine(), Is.EqualTo(Ch2Affine));
        Image image = ch2.Image;
        Assert.That((image.Channels, image.Depth, image.Height, image.Width), Is.EqualTo((1, 181, 217, 181)));
        Assert.That(image.Data.Sum(v => (double)v), Is.EqualTo(317151210.0), "sum recorded with numpy");
        Assert.That(image.Data[1_000_000], Is.EqualTo(61f), "value recorded with numpy");
        Assert.That(image.Data.Max(), Is.EqualTo(254f));
    }

    [Test]
    public void ReadsTheAalAtlasWith116Labels()
    {
        NiftiLabelVolume aal = NiftiFile.ReadLabels(TestData.Installed(TestData.MricronTemplates + "aal.nii.gz"));
        int[] labels = aal.Labels.DistinctLabels();
        Assert.That(labels, Is.EqualTo(Enumerable.Range(0, 117).ToArray()), "background and labels 1..116");
        Assert.That(aal.Labels.Size, Is.EqualTo(MniShape));
    }

    [Test]
    public void ReadsDataAfterExtensions()
    {
        NiftiImage jhu = NiftiFile.ReadImage(TestData.Installed(TestData.MricronTemplates + "jhu189.nii.gz"));
        Assert.That(jhu.Header.VoxOffset, Is.EqualTo(2640f));
        Assert.That(jhu.Image.Size, Is.EqualTo(JhuSize));
        Assert.That(jhu.Image.Data.Max(), Is.GreaterThan(0f));
    }

    [Test]
    public void QFormWithQfacMatchesTheSForm()
    {
        NiftiHeader aicha = NiftiFile.ReadImage(TestData.Installed(TestData.MricronTemplates + "AICHAmc.nii.gz")).Header;
        Assert.That(aicha.QFormCode, Is.EqualTo(2));
        Assert.That(aicha.PixDim[0], Is.EqualTo(-1f), "qfac");
        double[] q = aicha.QFormAffine();
        double[] s = aicha.SFormAffine();
        foreach (int i in new[] { 0, 1, 2, 4, 5, 6, 8, 9, 10 })
        {
            Assert.That(q[i], Is.EqualTo(s[i]).Within(1e-6), $"rotation-scale element {i}");
        }
    }

    [Test]
    public void RoundTripsEveryTypeAndCompression()
    {
        foreach (NiftiDataType type in AllTypes)
        {
            foreach (string extension in Extensions)
            {
                var image = new Image(2, [3, 4, 5], spacing: [2.5, 1.5, 0.5]);
                for (int i = 0; i < image.Data.Length; i++)
                {
                    image.Data[i] = type is NiftiDataType.Float32 or NiftiDataType.Float64 ? (i - 40) * 0.37f : i % 100;
                }

                NiftiHeader header = NiftiHeader.Create([5, 4, 3, 2], type, [0.5, 1.5, 2.5]);
                string path = Path.Combine(_dir, $"{type}{extension}");
                NiftiFile.WriteImage(path, header, image);
                NiftiImage read = NiftiFile.ReadImage(path);
                Assert.That(read.Image.Data, Is.EqualTo(image.Data), $"{type} {extension}");
                Assert.That(read.Image.Spacing, Is.EqualTo(image.Spacing));
                Assert.That(read.Header.DataType, Is.EqualTo(type));
                Assert.That(read.Header.Affine(), Is.EqualTo(header.Affine()));
            }
        }
    }

    [Test]
    public void ScalingIsAppliedOnReadAndInvertedOnWrite()
    {
        NiftiHeader header = NiftiHeader.Create([4, 3, 2], NiftiDataType.Int16) with { ScaleSlope = 0.5f, ScaleIntercept = -1000 };
        var image = new Image(1, [2, 3, 4]);
        for (int i = 0; i < image.Data.Length; i++)
        {
            image.Data[i] = -1000 + 0.5f * (i * 7 - 30);
        }

        string path = Path.Combine(_dir, "scaled.nii");
        NiftiFile.WriteImage(path, header, image);
        Assert.That(BinaryPrimitives.ReadInt16LittleEndian(File.ReadAllBytes(path).AsSpan(352 + 2)), Is.EqualTo(7 - 30), "stored value");
        Assert.That(NiftiFile.ReadImage(path).Image.Data, Is.EqualTo(image.Data));
    }

    [Test]
    public void ReadsBigEndianFiles()
    {
        byte[] file = BigEndianFile();
        string path = Path.Combine(_dir, "big.nii");
        File.WriteAllBytes(path, file);
        NiftiImage read = NiftiFile.ReadImage(path);
        Assert.That(read.Image.Size, Is.EqualTo(BigEndianSize));
        Assert.That(read.Image.Spacing, Is.EqualTo(BigEndianSpacing));
        Assert.That(read.Image.Data, Is.EqualTo(Enumerable.Range(0, 24).Select(i => i * 2f + 1).ToArray()), "int16 4·i scaled by 0.5 and +1");
    }

    [Test]
    public void LabelsAreWrittenWithTheSourceGeometry()
    {
        NiftiImage ch2 = NiftiFile.ReadImage(TestData.Installed(TestData.MricronTemplates + "AICHAmc.nii.gz"));
        var labels = new LabelMap(ch2.Image.Size, ch2.Image.Data.Select(v => (int)v * 3).ToArray());
        string path = Path.Combine(_dir, "labels.nii.gz");
        NiftiFile.WriteLabels(path, labels, ch2.Header);
        NiftiLabelVolume read = NiftiFile.ReadLabels(path);
        Assert.That(read.Labels.Data.AsSpan().SequenceEqual(labels.Data), Is.True, "labels survive the round trip");
        Assert.That(read.Header.DataType, Is.EqualTo(NiftiDataType.Int16));
        Assert.That(read.Header.IntentCode, Is.EqualTo(NiftiFile.LabelIntent));
        Assert.That(read.Header.QFormAffine(), Is.EqualTo(ch2.Header.QFormAffine()));
        Assert.That(read.Header.SFormAffine(), Is.EqualTo(ch2.Header.SFormAffine()));
        Assert.That((read.Header.QFormCode, read.Header.SFormCode), Is.EqualTo((ch2.Header.QFormCode, ch2.Header.SFormCode)));
        Assert.That(read.Header.PixDim, Is.EqualTo(ch2.Header.PixDim));
        Assert.That(Directory.GetFiles(_dir), Has.Length.EqualTo(1), "no temporary file left");
    }

    [Test]
    public void RejectsMismatchesAndNonIntegerLabels()
    {
        NiftiHeader header = NiftiHeader.Create([4, 3, 2], NiftiDataType.UInt8);
        Assert.Throws<ArgumentException>(() => NiftiFile.WriteImage(Path.Combine(_dir, "a.nii"), header, new Image(1, [2, 4, 3])));
        Assert.Throws<ArgumentException>(() => NiftiFile.WriteImage(Path.Combine(_dir, "b.nii"), header, new Image(1, [2, 3, 4], Enumerable.Repeat(256f, 24).ToArray())));
        string path = Path.Combine(_dir, "f.nii");
        NiftiFile.WriteImage(path, header with { DataType = NiftiDataType.Float32 }, new Image(1, [2, 3, 4], Enumerable.Repeat(1.5f, 24).ToArray()));
        var e = Assert.Throws<InvalidDataException>(() => NiftiFile.ReadLabels(path));
        Assert.That(e!.Message, Does.Contain(path).And.Contain("not an integer"));
    }

    [Test]
    public void TruncatedFilesFailWithTheFileName()
    {
        string source = Path.Combine(_dir, "source.nii");
        NiftiFile.WriteImage(source, NiftiHeader.Create([4, 3, 2], NiftiDataType.Int16), new Image(1, [2, 3, 4]));
        byte[] plain = File.ReadAllBytes(source);
        byte[] gz = Gzip(plain);
        for (int length = 0; length < plain.Length; length += 7)
        {
            AssertFails(plain[..length], ".nii");
        }

        for (int length = 0; length < gz.Length - 8; length += 3)
        {
            AssertFails(gz[..length], ".nii.gz");
        }
    }

    [Test]
    public void BitFlipsNeverCrash()
    {
        string source = Path.Combine(_dir, "source.nii");
        NiftiFile.WriteImage(source, NiftiHeader.Create([4, 3, 2], NiftiDataType.Int16), new Image(1, [2, 3, 4]));
        byte[] original = File.ReadAllBytes(source);
        var random = new SampleRandom(4, 0);
        for (int trial = 0; trial < 400; trial++)
        {
            byte[] bytes = (byte[])original.Clone();
            int bit = random.NextInt(trial % 2 == 0 ? 348 * 8 : bytes.Length * 8);
            bytes[bit / 8] ^= (byte)(1 << (bit % 8));
            bool gzip = trial % 4 == 3;
            string path = Path.Combine(_dir, $"flip{trial}.nii" + (gzip ? ".gz" : ""));
            File.WriteAllBytes(path, gzip ? FlipInGzip(bytes, random) : bytes);
            try
            {
                NiftiFile.ReadImage(path);
                NiftiFile.ReadLabels(path);
            }
            catch (InvalidDataException e)
            {
                Assert.That(e.Message, Does.Contain(path));
            }
        }
    }

    private void AssertFails(byte[] bytes, string extension)
    {
        string path = Path.Combine(_dir, $"cut{bytes.Length}{extension}");
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => NiftiFile.ReadImage(path), $"{extension} cut at {bytes.Length}");
        Assert.That(e!.Message, Does.Contain(path));
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest))
        {
            gz.Write(bytes);
        }

        return output.ToArray();
    }

    private static byte[] FlipInGzip(byte[] bytes, SampleRandom random)
    {
        byte[] gz = Gzip(bytes);
        int bit = random.NextInt(gz.Length * 8);
        gz[bit / 8] ^= (byte)(1 << (bit % 8));
        return gz;
    }

    /// <summary>A big-endian 4×3×2 int16 volume (pixdim 1, 2, 3; slope 0.5, intercept 1; voxel i stores 4·i) written field by field.</summary>
    private static byte[] BigEndianFile()
    {
        var b = new byte[352 + 24 * 2];
        BinaryPrimitives.WriteInt32BigEndian(b, 348);
        short[] dim = [3, 4, 3, 2, 1, 1, 1, 1];
        for (int i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteInt16BigEndian(b.AsSpan(40 + 2 * i), dim[i]);
        }

        BinaryPrimitives.WriteInt16BigEndian(b.AsSpan(70), 4);
        BinaryPrimitives.WriteInt16BigEndian(b.AsSpan(72), 16);
        float[] pixdim = [1, 1, 2, 3, 1, 1, 1, 1];
        for (int i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteSingleBigEndian(b.AsSpan(76 + 4 * i), pixdim[i]);
        }

        BinaryPrimitives.WriteSingleBigEndian(b.AsSpan(108), 352);
        BinaryPrimitives.WriteSingleBigEndian(b.AsSpan(112), 0.5f);
        BinaryPrimitives.WriteSingleBigEndian(b.AsSpan(116), 1);
        "n+1\0"u8.CopyTo(b.AsSpan(344));
        for (int i = 0; i < 24; i++)
        {
            BinaryPrimitives.WriteInt16BigEndian(b.AsSpan(352 + 2 * i), (short)(4 * i));
        }

        return b;
    }
}
