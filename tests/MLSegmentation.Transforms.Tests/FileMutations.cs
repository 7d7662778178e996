using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;

namespace MLSegmentation.Transforms.Tests;

/// <summary>
/// The seeded mutator and the campaign of the file fuzz tests (issue 17, item 1), shared by the test projects that fuzz
/// their own formats. <c>MLSEG_FUZZ_MUTANTS</c> sets the mutants per format (CI: 150; <c>bench/fuzz-files.sh</c>: 1000).
/// </summary>
public static class FileMutations
{
    /// <summary>The time bound per file.</summary>
    public static readonly TimeSpan PerFile = TimeSpan.FromSeconds(5);

    private static readonly float[] VoxOffsets = [-352f, 1e30f, float.NaN, 3e9f];

    /// <summary>Mutants per format.</summary>
    public static int Count => int.TryParse(Environment.GetEnvironmentVariable("MLSEG_FUZZ_MUTANTS"), out int n) && n > 0 ? n : 150;

    /// <summary>Mutant <paramref name="index"/> of <paramref name="seed"/>: bit flips, byte insertions and deletions, truncation, overwritten runs, and NIfTI header fields set to huge, negative or zero values.</summary>
    public static byte[] Mutate(byte[] seed, int index, Random random, bool nifti)
    {
        byte[] bytes = (byte[])seed.Clone();
        switch (index % 7)
        {
            case 0:
                for (int flips = random.Next(1, 9); flips > 0; flips--)
                {
                    int bit = random.Next(bytes.Length * 8);
                    bytes[bit / 8] ^= (byte)(1 << (bit % 8));
                }
                return bytes;
            case 1:
                int at = random.Next(bytes.Length + 1);
                byte[] inserted = new byte[random.Next(1, 17)];
                random.NextBytes(inserted);
                return [.. bytes[..at], .. inserted, .. bytes[at..]];
            case 2:
                int from = random.Next(bytes.Length);
                return [.. bytes[..from], .. bytes[Math.Min(bytes.Length, from + random.Next(1, 17))..]];
            case 3:
                return bytes[..random.Next(bytes.Length)];
            case 4 when nifti && bytes.Length >= 348:
                // dim[0..7] (int16 at 40), datatype (70), bitpix (72), vox_offset (float at 108), magic (344)
                int field = random.Next(5);
                short[] extremes = [short.MaxValue, short.MinValue, 0, -1, 8, 7];
                if (field == 0) BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(40 + 2 * random.Next(8)), extremes[random.Next(extremes.Length)]);
                else if (field == 1) BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(70), extremes[random.Next(extremes.Length)]);
                else if (field == 2) BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(72), extremes[random.Next(extremes.Length)]);
                else if (field == 3) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(108), VoxOffsets[random.Next(VoxOffsets.Length)]);
                else bytes[344 + random.Next(4)] ^= 0xFF;
                return bytes;
            case 5 when nifti && bytes.Length > 352:
                return bytes[..(352 + random.Next(bytes.Length - 352))]; // a valid header with short data
            default:
                int start = random.Next(bytes.Length);
                random.NextBytes(bytes.AsSpan(start, Math.Min(bytes.Length - start, random.Next(1, 33))));
                return bytes;
        }
    }

    /// <summary>The gzip stream of <paramref name="data"/>.</summary>
    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest)) gz.Write(data);
        return output.ToArray();
    }

    /// <summary><see cref="Count"/> mutants of <paramref name="seed"/> written to <paramref name="folder"/> as <c>{name}-{i}{extension}</c>, from one seeded stream.</summary>
    public static List<string> WriteMutants(byte[] seed, string folder, string name, string extension, int randomSeed)
    {
        var random = new Random(randomSeed);
        var paths = new List<string>();
        for (int i = 0; i < Count; i++)
        {
            string path = Path.Combine(folder, $"{name}-{i}{extension}");
            File.WriteAllBytes(path, Mutate(seed, i, random, nifti: false));
            paths.Add(path);
        }
        return paths;
    }

    /// <summary>Reads every mutant with <paramref name="read"/>: it must succeed or throw <typeparamref name="TException"/> naming the mutant (or what <paramref name="documented"/> accepts), within <see cref="PerFile"/>.</summary>
    public static (int Read, int Refused) Campaign<TException>(string format, List<string> paths, Action<string> read, Func<Exception, string, bool>? documented = null) where TException : Exception
    {
        int ok = 0, refused = 0;
        var other = new List<string>();
        TimeSpan slowest = TimeSpan.Zero;
        foreach (string path in paths)
        {
            long start = Stopwatch.GetTimestamp();
            try
            {
                read(path);
                ok++;
            }
            catch (TException e) when (documented?.Invoke(e, path) ?? e.Message.Contains(Path.GetFileName(path), StringComparison.Ordinal))
            {
                refused++;
            }
            catch (Exception e)
            {
                other.Add($"{Path.GetFileName(path)}: {e.GetType().Name}: {e.Message}");
            }
            TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
            if (elapsed > slowest) slowest = elapsed;
        }
        using var self = Process.GetCurrentProcess();
        TestContext.Out.WriteLine($"{format}: {paths.Count} mutants, {ok} read, {refused} refused naming the file, {other.Count} other; slowest {slowest.TotalMilliseconds:F0} ms; peak memory {self.PeakWorkingSet64 >> 20} MB");
        Assert.That(other, Is.Empty, $"{format}: only the documented exception");
        Assert.That(slowest, Is.LessThan(PerFile), $"{format}: the slowest file");
        return (ok, refused);
    }
}
