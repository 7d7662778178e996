// CA1861: the literal arrays are expected values of one-shot test assertions, not hot-path arguments.
#pragma warning disable CA1861
using System.Buffers.Binary;
using System.Text;
using MLSegmentation.Torch.Serialization;

namespace MLSegmentation.Torch.Tests;

public class SerializationTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"mlseg-sd-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    private static StateDict Sample()
    {
        var dict = new StateDict();
        dict.Add("conv.weight", torch.arange(0, 24, 1).reshape(2, 3, 4));
        dict.Add("double", torch.tensor(new double[] { Math.PI, -1e300, double.NaN }));
        dict.Add("count", torch.tensor(new long[] { long.MaxValue, -5 }));
        dict.Add("flags", torch.tensor(new bool[] { true, false, true }));
        dict.Add("bytes", torch.tensor(new byte[] { 0, 255 }, 1, 2));
        dict.Add("half", torch.tensor(new float[] { 1.5f, -2 }).to(ScalarType.Float16));
        dict.Add("bf16", torch.tensor(new float[] { 0.25f, 3 }).to(ScalarType.BFloat16));
        dict.Add("scalar", torch.tensor(7.0));
        dict.Add("empty", torch.zeros(0, 3));
        dict.Add("ünïcode ✓", torch.ones(1));
        dict.Metadata["arch"] = "unet2d";
        dict.Metadata["note"] = "multi\nline ✓";
        return dict;
    }

    [Test]
    public void RoundTripKeepsNamesOrderTypesShapesValuesAndMetadata()
    {
        string file = Path.Combine(_folder, "model.sd");
        using StateDict original = Sample();
        original.Save(file);
        using StateDict loaded = StateDict.Load(file);
        Assert.That(loaded.Keys, Is.EqualTo(original.Keys));
        foreach (KeyValuePair<string, Tensor> kv in original)
        {
            Tensor t = loaded[kv.Key];
            Assert.That(t.dtype, Is.EqualTo(kv.Value.dtype), kv.Key);
            Assert.That(t.shape, Is.EqualTo(kv.Value.shape), kv.Key);
            Assert.That(t.device, Is.EqualTo(kv.Value.device), kv.Key);
        }
        Assert.That(loaded["conv.weight"].equal(original["conv.weight"]), Is.True);
        double[] d = loaded["double"].data<double>();
        Assert.That(d[0], Is.EqualTo(Math.PI));
        Assert.That(d[1], Is.EqualTo(-1e300));
        Assert.That(double.IsNaN(d[2]), Is.True);
        Assert.That(loaded["count"].data<long>(), Is.EqualTo(new[] { long.MaxValue, -5 }));
        Assert.That(loaded["flags"].data<bool>(), Is.EqualTo(new[] { true, false, true }));
        Assert.That(loaded["bytes"].data<byte>(), Is.EqualTo(new byte[] { 0, 255 }));
        using (var half = loaded["half"].to(ScalarType.Float32)) Assert.That(half.data<float>(), Is.EqualTo(new[] { 1.5f, -2f }));
        using (var bf = loaded["bf16"].to(ScalarType.Float32)) Assert.That(bf.data<float>(), Is.EqualTo(new[] { 0.25f, 3f }));
        Assert.That(loaded["scalar"].shape, Is.Empty);
        Assert.That(loaded["scalar"].item<float>(), Is.EqualTo(7f));
        Assert.That(loaded["empty"].shape, Is.EqualTo(new long[] { 0, 3 }));
        Assert.That(loaded.Metadata, Is.EqualTo(original.Metadata));
    }

    [Test]
    public void TheHeaderIsAsDocumented()
    {
        string file = Path.Combine(_folder, "one.sd");
        using (var dict = new StateDict())
        {
            dict.Add("w", torch.tensor(new float[] { 1, 2 }));
            dict.Save(file);
        }
        byte[] bytes = File.ReadAllBytes(file);
        Assert.That(Encoding.ASCII.GetString(bytes, 0, 8), Is.EqualTo("MLSEGSD\0"));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)), Is.EqualTo(1u), "format version");
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12)), Is.Zero, "metadata count");
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(16)), Is.EqualTo(1u), "entry count");
        // entry: u32 name length, "w", i32 dtype 6 (float32), u32 rank 1, i64 size 2, i64 bytes 8, data
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(20)), Is.EqualTo(1u));
        Assert.That((char)bytes[24], Is.EqualTo('w'));
        Assert.That(BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(25)), Is.EqualTo(6));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(29)), Is.EqualTo(1u));
        Assert.That(BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(33)), Is.EqualTo(2));
        Assert.That(BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(41)), Is.EqualTo(8));
        Assert.That(BitConverter.ToSingle(bytes, 49), Is.EqualTo(1f));
        Assert.That(BitConverter.ToSingle(bytes, 53), Is.EqualTo(2f));
        Assert.That(Encoding.ASCII.GetString(bytes, bytes.Length - 8, 8), Is.EqualTo("MLSEGEND"));
        Assert.That(bytes, Has.Length.EqualTo(57 + 4 + 8));
    }

    [Test]
    public void EveryTruncationIsReportedWithTheFileName()
    {
        string file = Path.Combine(_folder, "model.sd");
        using (StateDict original = Sample()) original.Save(file);
        byte[] bytes = File.ReadAllBytes(file);
        string cut = Path.Combine(_folder, "cut.sd");
        for (int length = 0; length < bytes.Length; length += length < 64 ? 1 : 7)
        {
            File.WriteAllBytes(cut, bytes[..length]);
            var e = Assert.Throws<StateDictFormatException>(() => StateDict.Load(cut).Dispose(), $"length {length}")!;
            Assert.That(e.Message, Does.Contain(cut));
        }
        File.WriteAllBytes(cut, bytes[..^1]);
        Assert.That(() => StateDict.Load(cut), Throws.TypeOf<StateDictFormatException>().With.Message.Contains("truncated"));
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        Assert.That(() => StateDict.Load(cut), Throws.TypeOf<StateDictFormatException>().With.Message.Contains("truncated"));
    }

    [Test]
    public void CorruptionIsDetected()
    {
        string file = Path.Combine(_folder, "model.sd");
        using (StateDict original = Sample()) original.Save(file);
        byte[] bytes = File.ReadAllBytes(file);
        string bad = Path.Combine(_folder, "bad.sd");

        byte[] flipped = (byte[])bytes.Clone();
        int data = bytes.AsSpan().IndexOf("conv.weight"u8) + 11 + 4 + 4 + 3 * 8 + 8; // name, dtype, rank, shape, byte length
        flipped[data + 5] ^= 0x10; // inside conv.weight's values
        File.WriteAllBytes(bad, flipped);
        Assert.That(() => StateDict.Load(bad), Throws.TypeOf<StateDictFormatException>().With.Message.Contains("checksum").And.Message.Contains(bad));

        byte[] magic = (byte[])bytes.Clone();
        magic[0] = (byte)'X';
        File.WriteAllBytes(bad, magic);
        Assert.That(() => StateDict.Load(bad), Throws.TypeOf<StateDictFormatException>().With.Message.Contains("not a state dict file"));

        byte[] newer = (byte[])bytes.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(newer.AsSpan(8), 99);
        File.WriteAllBytes(bad, newer);
        Assert.That(() => StateDict.Load(bad), Throws.TypeOf<StateDictFormatException>().With.Message.Contains("version 99"));

        File.WriteAllBytes(bad, [.. bytes, 0]);
        Assert.That(() => StateDict.Load(bad), Throws.TypeOf<StateDictFormatException>().With.Message.Contains("unexpected bytes"));

        Assert.That(() => StateDict.Load(Path.Combine(_folder, "absent.sd")), Throws.TypeOf<FileNotFoundException>());
    }

    [Test]
    public void SavingReplacesAtomicallyAndLeavesNoTemporaryFiles()
    {
        string file = Path.Combine(_folder, "model.sd");
        File.WriteAllText(file, "old content");
        using (StateDict original = Sample()) original.Save(file);
        using (StateDict loaded = StateDict.Load(file)) Assert.That(loaded.Count, Is.EqualTo(10));
        Assert.That(Directory.GetFiles(_folder), Is.EqualTo(new[] { file }));

        // A failing write (a disposed tensor) leaves the previous file intact and no temporary behind.
        byte[] before = File.ReadAllBytes(file);
        using (var broken = new StateDict())
        {
            var t = torch.ones(2);
            broken.Add("a", t);
            t.Dispose();
            Assert.Throws<ObjectDisposedException>(() => broken.Save(file));
        }
        Assert.That(File.ReadAllBytes(file), Is.EqualTo(before));
        Assert.That(Directory.GetFiles(_folder), Is.EqualTo(new[] { file }));
    }

    [Test]
    public void TheDictionaryOwnsItsTensors()
    {
        Tensor t;
        using (var scope = torch.NewDisposeScope())
        {
            using var dict = new StateDict();
            t = torch.ones(2);
            dict.Add("t", t);
            Assert.That(scope.Count, Is.Zero, "adding takes the tensor out of the scope");
            Assert.Throws<ArgumentException>(() => dict.Add("t", torch.ones(1)));
            Assert.That(t.IsDisposed, Is.False);
        }
        Assert.That(t.IsDisposed, Is.True);
    }
}
