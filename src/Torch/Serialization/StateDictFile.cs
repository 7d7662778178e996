using System.Buffers.Binary;
using System.Text;
using MLSegmentation.Torch.Native;

namespace MLSegmentation.Torch.Serialization;

/// <summary>
/// Reads and writes the state dict file format, version 1 (docs/formats.md). All integers little-endian:
/// <code>
/// magic "MLSEGSD\0" (8 bytes) · u32 version · u32 metadata count · u32 entry count
/// metadata × count: str key · str value                         (str = u32 byte length + UTF-8)
/// entry × count:    str name · i32 dtype (c10::ScalarType) · u32 rank · i64 size × rank · u64 byte length · data
/// trailer:          u32 CRC-32 of every preceding byte · "MLSEGEND" (8 bytes)
/// </code>
/// Data is the tensor's elements in row-major order, little-endian. Files are written to a temporary file in the
/// target's folder and renamed over the target, so a reader never sees a half-written file.
/// </summary>
internal static class StateDictFile
{
    internal const uint Version = 1;
    private const int MaxRank = 64;
    private const int MaxStringBytes = 1 << 24;
    private static readonly byte[] s_magic = "MLSEGSD\0"u8.ToArray();
    private static readonly byte[] s_endMagic = "MLSEGEND"u8.ToArray();

    internal static void Write(StateDict dict, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("state dict files are written on little-endian machines only");
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(folder);
        string temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                var writer = new ChecksumWriter(stream);
                writer.Write(s_magic);
                writer.WriteUInt32(Version);
                writer.WriteUInt32((uint)dict.Metadata.Count);
                writer.WriteUInt32((uint)dict.Count);
                foreach (KeyValuePair<string, string> kv in dict.Metadata)
                {
                    writer.WriteString(kv.Key);
                    writer.WriteString(kv.Value ?? "");
                }
                foreach (KeyValuePair<string, Tensor> kv in dict) WriteEntry(writer, kv.Key, kv.Value);
                uint crc = writer.Checksum;
                Span<byte> trailer = stackalloc byte[4];
                BinaryPrimitives.WriteUInt32LittleEndian(trailer, crc);
                stream.Write(trailer);
                stream.Write(s_endMagic);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    private static unsafe void WriteEntry(ChecksumWriter writer, string name, Tensor tensor)
    {
        ScalarType dtype = tensor.dtype;
        long[] shape = tensor.shape;
        long bytes = tensor.numel() * dtype.ElementSize();
        writer.WriteString(name);
        writer.WriteInt32((int)dtype);
        writer.WriteUInt32((uint)shape.Length);
        foreach (long d in shape) writer.WriteInt64(d);
        writer.WriteInt64(bytes);
        if (bytes == 0) return;
        if (bytes > Array.MaxLength) throw new NotSupportedException($"entry '{name}' has {bytes} bytes; entries are limited to {Array.MaxLength} bytes");
        var data = new byte[bytes];
        fixed (byte* p = data) NativeMethods.Check(NativeMethods.mlseg_tensor_copy_to(tensor.Handle, p, bytes));
        writer.Write(data);
    }

    internal static StateDict Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("state dict files are read on little-endian machines only");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var reader = new ChecksumReader(stream, path);
        var dict = new StateDict();
        try
        {
            Span<byte> magic = stackalloc byte[8];
            reader.Read(magic, "the header");
            if (!magic.SequenceEqual(s_magic)) throw reader.Error("it is not a state dict file (wrong magic bytes)");
            uint version = reader.ReadUInt32("the format version");
            if (version == 0 || version > Version)
                throw reader.Error($"format version {version} is not supported (this library reads version {Version}; a newer version of the library may read it)");
            uint metadataCount = reader.ReadUInt32("the metadata count");
            uint entryCount = reader.ReadUInt32("the entry count");
            for (uint k = 0; k < metadataCount; k++)
            {
                string key = reader.ReadString($"metadata key {k}");
                string value = reader.ReadString($"metadata value '{key}'");
                if (!dict.Metadata.TryAdd(key, value)) throw reader.Error($"metadata key '{key}' appears twice");
            }
            for (uint k = 0; k < entryCount; k++) ReadEntry(reader, dict, k);
            uint expected = reader.Checksum;
            uint stored = reader.ReadUInt32("the checksum");
            reader.Read(magic, "the end marker");
            if (!magic.SequenceEqual(s_endMagic)) throw reader.Error("the end marker is wrong");
            if (stored != expected) throw reader.Error($"the checksum does not match (stored 0x{stored:x8}, computed 0x{expected:x8}): the file is corrupt");
            if (stream.Position != stream.Length) throw reader.Error($"{stream.Length - stream.Position} unexpected bytes follow the end marker");
            return dict;
        }
        catch
        {
            dict.Dispose();
            throw;
        }
    }

    private static unsafe void ReadEntry(ChecksumReader reader, StateDict dict, uint index)
    {
        string name = reader.ReadString($"the name of entry {index}");
        if (name.Length == 0) throw reader.Error($"entry {index} has an empty name");
        if (dict.ContainsKey(name)) throw reader.Error($"entry '{name}' appears twice");
        int code = reader.ReadInt32($"the type of '{name}'");
        if (!Enum.IsDefined((ScalarType)code)) throw reader.Error($"entry '{name}' has unknown element type code {code}");
        var dtype = (ScalarType)code;
        uint rank = reader.ReadUInt32($"the rank of '{name}'");
        if (rank > MaxRank) throw reader.Error($"entry '{name}' claims {rank} dimensions");
        var shape = new long[rank];
        long numel = 1;
        for (int d = 0; d < rank; d++)
        {
            shape[d] = reader.ReadInt64($"the shape of '{name}'");
            if (shape[d] < 0) throw reader.Error($"entry '{name}' has a negative size {shape[d]}");
            numel = checked(numel * shape[d]);
        }
        long bytes = reader.ReadInt64($"the byte length of '{name}'");
        if (bytes != numel * dtype.ElementSize())
            throw reader.Error($"entry '{name}' ({dtype} {Tensor.ShapeText(shape)}) needs {numel * dtype.ElementSize()} bytes but declares {bytes}");
        if (bytes > reader.Remaining) throw reader.Error($"it is truncated: entry '{name}' needs {bytes} bytes, {reader.Remaining} remain");
        var data = new byte[bytes];
        reader.Read(data, $"the data of '{name}'");
        fixed (byte* p = data)
        fixed (long* s = shape)
        {
            NativeMethods.Check(NativeMethods.mlseg_tensor_from_blob(p, s, shape.Length, code, null, 0, out nint h));
            var tensor = new Tensor(h);
            dict.Add(name, tensor);
        }
    }

    /// <summary>Writes little-endian values and keeps the CRC-32 of everything written.</summary>
    private sealed class ChecksumWriter(Stream stream)
    {
        private Crc32 _crc = new();

        internal uint Checksum => _crc.Value;

        internal void Write(ReadOnlySpan<byte> data)
        {
            _crc.Append(data);
            stream.Write(data);
        }

        internal void WriteUInt32(uint v)
        {
            Span<byte> b = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(b, v);
            Write(b);
        }

        internal void WriteInt32(int v) => WriteUInt32(unchecked((uint)v));

        internal void WriteInt64(long v)
        {
            Span<byte> b = stackalloc byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(b, v);
            Write(b);
        }

        internal void WriteString(string s)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(s);
            if (bytes.Length > MaxStringBytes) throw new ArgumentException($"a name or metadata string of {bytes.Length} bytes exceeds the limit of {MaxStringBytes}");
            WriteUInt32((uint)bytes.Length);
            Write(bytes);
        }
    }

    /// <summary>Reads little-endian values, keeps the CRC-32 of everything read, and turns short reads into clear errors.</summary>
    private sealed class ChecksumReader(Stream stream, string path)
    {
        private Crc32 _crc = new();

        internal uint Checksum => _crc.Value;

        internal long Remaining => stream.Length - stream.Position;

        internal StateDictFormatException Error(string what) => new($"state dict file '{path}' cannot be read: {what}");

        internal void Read(Span<byte> destination, string what)
        {
            int got = stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
            if (got < destination.Length) throw Error($"it is truncated (reading {what} at byte {stream.Position - got}, {got} of {destination.Length} bytes present)");
            _crc.Append(destination);
        }

        internal uint ReadUInt32(string what)
        {
            Span<byte> b = stackalloc byte[4];
            Read(b, what);
            return BinaryPrimitives.ReadUInt32LittleEndian(b);
        }

        internal int ReadInt32(string what) => unchecked((int)ReadUInt32(what));

        internal long ReadInt64(string what)
        {
            Span<byte> b = stackalloc byte[8];
            Read(b, what);
            return BinaryPrimitives.ReadInt64LittleEndian(b);
        }

        internal string ReadString(string what)
        {
            uint length = ReadUInt32(what);
            if (length > MaxStringBytes || length > Remaining)
                throw Error(length > Remaining ? $"it is truncated ({what} needs {length} bytes, {Remaining} remain)" : $"{what} claims {length} bytes");
            var bytes = new byte[length];
            Read(bytes, what);
            try
            {
                return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            }
            catch (DecoderFallbackException e)
            {
                throw new StateDictFormatException($"state dict file '{path}' cannot be read: {what} is not valid UTF-8", e);
            }
        }
    }
}
