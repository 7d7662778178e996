using System.Buffers.Binary;
using System.IO.Compression;

namespace MLSegmentation.Transforms;

/// <summary>
/// Reads and writes single-file NIfTI-1 volumes, <c>.nii</c> and <c>.nii.gz</c>, in either byte order.
/// </summary>
/// <remarks>
/// Axes: the file's (i, j, k, t) become an <see cref="Image"/> of <c>t</c> channels and size
/// [nk, nj, ni] (so x = i is fastest, as in the file); dimensions 5–7 fold into channels; a 2D file
/// becomes a volume of depth 1. Spacing is [pixdim3, pixdim2, pixdim1] (1 where pixdim is not positive).
/// Values are returned after scl_slope/scl_inter as <see cref="float"/> (64-bit data loses precision
/// beyond float's 24 bits). Files are read whole into memory, so a volume is limited to about 2 GB.
/// Writes go to a temporary file that is then renamed over the target.
/// </remarks>
public static class NiftiFile
{
    /// <summary>NIFTI_INTENT_LABEL: the intent code of label volumes.</summary>
    public const short LabelIntent = 1002;

    /// <summary>Voxels converted per block when reading.</summary>
    private const int BlockSize = 4096;

    /// <summary>Reads a volume's header and scaled values.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid NIfTI-1 volume; the message names it.</exception>
    public static NiftiImage ReadImage(string path)
    {
        (NiftiHeader header, byte[] bytes, bool bigEndian) = Load(path);
        ReadOnlySpan<byte> data = bytes.AsSpan((int)header.VoxOffset);
        var values = new float[header.VoxelCount];
        bool scaled = header.IsScaled;
        Span<double> block = stackalloc double[BlockSize];
        for (int start = 0; start < values.Length; start += BlockSize)
        {
            Span<double> part = block[..Math.Min(BlockSize, values.Length - start)];
            NiftiDataTypes.ReadBlock(data, start, part, header.DataType, bigEndian);
            for (int i = 0; i < part.Length; i++)
            {
                values[start + i] = (float)(scaled ? part[i] * header.ScaleSlope + header.ScaleIntercept : part[i]);
            }
        }

        (int channels, int[] size, double[] spacing) = Layout(header);
        return new NiftiImage(header, new Image(channels, size, values, spacing));
    }

    /// <summary>
    /// Reads a label volume: integer data, or float data whose (scaled) values are all integers.
    /// A file with more than three dimensions is rejected.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is invalid or holds non-integer or 4D data; the message names it.</exception>
    public static NiftiLabelVolume ReadLabels(string path)
    {
        (NiftiHeader header, byte[] bytes, bool bigEndian) = Load(path);
        (int channels, int[] size, double[] spacing) = Layout(header);
        if (channels != 1)
        {
            throw Fail(path, $"a label volume must be 3D, this one has shape [{string.Join(", ", header.Shape)}]");
        }

        ReadOnlySpan<byte> data = bytes.AsSpan((int)header.VoxOffset);
        var labels = new int[header.VoxelCount];
        bool scaled = header.IsScaled;
        Span<double> block = stackalloc double[BlockSize];
        for (int start = 0; start < labels.Length; start += BlockSize)
        {
            Span<double> part = block[..Math.Min(BlockSize, labels.Length - start)];
            NiftiDataTypes.ReadBlock(data, start, part, header.DataType, bigEndian);
            for (int i = 0; i < part.Length; i++)
            {
                double v = scaled ? part[i] * header.ScaleSlope + header.ScaleIntercept : part[i];
                if (v != Math.Round(v) || v < int.MinValue || v > int.MaxValue)
                {
                    throw Fail(path, $"voxel {start + i} holds {v}, not an integer label");
                }

                labels[start + i] = (int)v;
            }
        }

        return new NiftiLabelVolume(header, new LabelMap(size, labels, spacing));
    }

    /// <summary>
    /// Writes <paramref name="image"/> with <paramref name="header"/>'s geometry and data type. Values are
    /// stored as (value − scl_inter) / scl_slope (when the header is scaled), rounded for integer types.
    /// </summary>
    /// <exception cref="ArgumentException">The image does not match the header's shape, or a value does not fit the data type.</exception>
    public static void WriteImage(string path, NiftiHeader header, Image image)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(image);
        CheckShape(header, image.Channels, image.Depth, image.Height, image.Width);
        double slope = header.IsScaled ? header.ScaleSlope : 1;
        double intercept = header.IsScaled ? header.ScaleIntercept : 0;
        Write(path, header, i => (image.Data[i] - intercept) / slope, image.Data.Length);
    }

    /// <summary>
    /// Writes <paramref name="labels"/> with the geometry of <paramref name="geometry"/> (usually the header
    /// of the image the labels belong to): pixdim, qform, sform and units are copied; the data type is the
    /// smallest of uint8, int16 and int32 that holds the labels; scaling is removed and the intent set to label.
    /// </summary>
    /// <exception cref="ArgumentException">The label map's size differs from the geometry's first three dimensions.</exception>
    public static void WriteLabels(string path, LabelMap labels, NiftiHeader geometry)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(geometry);
        int min = labels.Data.Length == 0 ? 0 : labels.Data.Min();
        int max = labels.Data.Length == 0 ? 0 : labels.Data.Max();
        NiftiDataType type = min >= 0 && max <= byte.MaxValue ? NiftiDataType.UInt8
            : min >= short.MinValue && max <= short.MaxValue ? NiftiDataType.Int16
            : NiftiDataType.Int32;
        int[] shape = [.. geometry.Shape.Take(3), .. Enumerable.Repeat(1, Math.Max(0, 3 - geometry.Shape.Count))];
        NiftiHeader header = geometry with
        {
            Shape = shape,
            DataType = type,
            ScaleSlope = 1,
            ScaleIntercept = 0,
            CalMin = 0,
            CalMax = max,
            IntentCode = LabelIntent,
            IntentParameters = [0, 0, 0],
            IntentName = "",
        };
        CheckShape(header, 1, labels.Depth, labels.Height, labels.Width);
        Write(path, header, i => labels.Data[i], labels.Data.Length);
    }

    private static void Write(string path, NiftiHeader header, Func<int, double> storedValue, int count)
    {
        foreach (int s in header.Shape)
        {
            if (s is < 1 or > short.MaxValue)
            {
                throw new ArgumentException($"NIfTI-1 sizes are 1 to {short.MaxValue}: [{string.Join(", ", header.Shape)}].", nameof(header));
            }
        }

        int size = NiftiDataTypes.Size(header.DataType);
        if (size == 0)
        {
            throw new ArgumentException($"Unsupported data type {header.DataType}.", nameof(header));
        }

        var bytes = new byte[352 + (long)count * size];
        header.WriteTo(bytes);
        Span<byte> data = bytes.AsSpan(352);
        bool integer = NiftiDataTypes.IsInteger(header.DataType);
        (double lo, double hi) = NiftiDataTypes.Range(header.DataType);
        for (int i = 0; i < count; i++)
        {
            double v = storedValue(i);
            if (integer)
            {
                v = Math.Round(v);
                if (!(v >= lo && v <= hi))
                {
                    throw new ArgumentException($"Value {storedValue(i)} at voxel {i} does not fit {header.DataType}.", nameof(header));
                }
            }

            NiftiDataTypes.Write(data, i, header.DataType, v);
        }

        bool gzip = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        AtomicFile.Write(path, stream =>
        {
            if (gzip)
            {
                using var gz = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true);
                gz.Write(bytes);
            }
            else
            {
                stream.Write(bytes);
            }
        });
    }

    private static void CheckShape(NiftiHeader header, int channels, int depth, int height, int width)
    {
        IReadOnlyList<int> s = header.Shape;
        int At(int i) => i < s.Count ? s[i] : 1;
        long headerChannels = s.Skip(3).Aggregate(1L, (a, b) => a * b);
        if (At(0) != width || At(1) != height || At(2) != depth || headerChannels != channels)
        {
            throw new ArgumentException($"The data ({channels} channel(s) of {depth}×{height}×{width}) does not match the header's shape [{string.Join(", ", s)}] ([nx, ny, nz, nt]).", nameof(header));
        }
    }

    private static (int Channels, int[] Size, double[] Spacing) Layout(NiftiHeader header)
    {
        IReadOnlyList<int> s = header.Shape;
        int At(int i) => i < s.Count ? s[i] : 1;
        double Spacing(int i) => header.PixDim[i] is > 0 and var p && float.IsFinite(p) ? p : 1;
        int channels = (int)s.Skip(3).Aggregate(1L, (a, b) => a * b);
        return (channels, [At(2), At(1), At(0)], [Spacing(3), Spacing(2), Spacing(1)]);
    }

    private static (NiftiHeader Header, byte[] Bytes, bool BigEndian) Load(string path)
    {
        byte[] bytes = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? Gunzip(path) : File.ReadAllBytes(path);
        NiftiHeader header = NiftiHeader.Parse(bytes, out bool bigEndian, out string problem) ?? throw Fail(path, problem);
        if (header.VoxOffset + header.VoxelCount * NiftiDataTypes.Size(header.DataType) > bytes.Length)
        {
            throw Fail(path, $"truncated: shape [{string.Join(", ", header.Shape)}] of {header.DataType} at offset {header.VoxOffset} needs more than the {bytes.Length} bytes present");
        }

        return (header, bytes, bigEndian);
    }

    private static byte[] Gunzip(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            using var gz = new GZipStream(file, CompressionMode.Decompress);
            using var output = new MemoryStream();
            gz.CopyTo(output);
            byte[] data = output.ToArray();
            CheckGzipTrailer(path, file, data);
            return data;
        }
        catch (InvalidDataException e)
        {
            throw Fail(path, $"corrupt gzip data ({e.Message})");
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw Fail(path, $"unreadable gzip data ({e.Message})");
        }
    }

    /// <summary>
    /// GZipStream accepts a stream cut inside its 8-byte trailer (or after the last full deflate block)
    /// silently, so the trailer's CRC-32 and length are checked here against what was decompressed.
    /// </summary>
    private static void CheckGzipTrailer(string path, FileStream file, byte[] data)
    {
        Span<byte> trailer = stackalloc byte[8];
        if (file.Length < 18)
        {
            throw Fail(path, "truncated gzip data");
        }

        file.Seek(-8, SeekOrigin.End);
        file.ReadExactly(trailer);
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
        if (length != (uint)data.Length || crc != Crc32.Compute(data, []))
        {
            throw Fail(path, "truncated or corrupt gzip data (the trailer's CRC or length does not match; concatenated gzip members are not supported)");
        }
    }

    private static InvalidDataException Fail(string path, string problem) => new($"NIfTI '{path}': {problem}.");
}
