using System.Buffers.Binary;
using System.Text;

namespace MLSegmentation.Transforms;

/// <summary>
/// The fields of a NIfTI-1 header that describe data and geometry. Reading keeps them as the file
/// had them, so that a label volume written with <c>header with { ... }</c> or
/// <see cref="NiftiFile.WriteLabels"/> carries the source image's geometry (pixdim, qform, sform,
/// units) unchanged. Axis order follows NIfTI: <see cref="Shape"/>[0] is i (x, fastest in the file).
/// </summary>
public sealed record NiftiHeader
{
    /// <summary>Size of the header in bytes (sizeof_hdr).</summary>
    public const int HeaderSize = 348;

    /// <summary>dim[1..dim[0]]: [nx, ny, nz, nt, ...], 1 to 7 positive sizes, x fastest.</summary>
    public required IReadOnlyList<int> Shape { get; init; }

    /// <summary>The voxel type.</summary>
    public required NiftiDataType DataType { get; init; }

    /// <summary>pixdim[0..7]: pixdim[0] is qfac (±1), pixdim[1..3] the voxel size along i, j, k.</summary>
    public IReadOnlyList<float> PixDim { get; init; } = [1, 1, 1, 1, 1, 1, 1, 1];

    /// <summary>Byte offset of the data in a single-file (.nii) NIfTI.</summary>
    public float VoxOffset { get; init; } = 352;

    /// <summary>scl_slope: stored values are multiplied by it when not 0.</summary>
    public float ScaleSlope { get; init; } = 1;

    /// <summary>scl_inter: added after <see cref="ScaleSlope"/> (when the slope is not 0).</summary>
    public float ScaleIntercept { get; init; }

    /// <summary>qform_code: 0 = no qform, 1 = scanner, 2 = aligned, 3 = Talairach, 4 = MNI.</summary>
    public short QFormCode { get; init; }

    /// <summary>sform_code: as <see cref="QFormCode"/>.</summary>
    public short SFormCode { get; init; }

    /// <summary>quatern_b, quatern_c, quatern_d: the qform rotation (a is implied).</summary>
    public IReadOnlyList<float> Quaternion { get; init; } = [0, 0, 0];

    /// <summary>qoffset_x, qoffset_y, qoffset_z.</summary>
    public IReadOnlyList<float> QOffset { get; init; } = [0, 0, 0];

    /// <summary>srow_x, srow_y, srow_z: the sform's three rows, 4 values each (12 values).</summary>
    public IReadOnlyList<float> SRows { get; init; } = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0];

    /// <summary>xyzt_units (spatial and temporal unit codes).</summary>
    public byte XyztUnits { get; init; }

    /// <summary>dim_info (frequency, phase and slice axes).</summary>
    public byte DimInfo { get; init; }

    /// <summary>intent_code (1002 = label volume).</summary>
    public short IntentCode { get; init; }

    /// <summary>intent_p1, intent_p2, intent_p3.</summary>
    public IReadOnlyList<float> IntentParameters { get; init; } = [0, 0, 0];

    /// <summary>intent_name (up to 15 ASCII characters).</summary>
    public string IntentName { get; init; } = "";

    /// <summary>slice_start.</summary>
    public short SliceStart { get; init; }

    /// <summary>slice_end.</summary>
    public short SliceEnd { get; init; }

    /// <summary>slice_code.</summary>
    public byte SliceCode { get; init; }

    /// <summary>slice_duration.</summary>
    public float SliceDuration { get; init; }

    /// <summary>toffset.</summary>
    public float TimeOffset { get; init; }

    /// <summary>cal_min: display range minimum.</summary>
    public float CalMin { get; init; }

    /// <summary>cal_max: display range maximum.</summary>
    public float CalMax { get; init; }

    /// <summary>descrip (up to 79 ASCII characters).</summary>
    public string Description { get; init; } = "";

    /// <summary>aux_file (up to 23 ASCII characters).</summary>
    public string AuxFile { get; init; } = "";

    /// <summary>Number of voxels (product of <see cref="Shape"/>).</summary>
    public long VoxelCount => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Whether the values are scaled on reading (slope neither 0 nor 1 with intercept 0).</summary>
    public bool IsScaled => ScaleSlope != 0 && float.IsFinite(ScaleSlope) && float.IsFinite(ScaleIntercept) && !(ScaleSlope == 1 && ScaleIntercept == 0);

    /// <summary>A header for a new volume of <paramref name="shape"/> ([nx, ny, nz, ...]) with the given voxel size and a qform (scanner) that scales by it.</summary>
    public static NiftiHeader Create(IReadOnlyList<int> shape, NiftiDataType dataType, IReadOnlyList<double>? voxelSize = null)
    {
        var pixdim = new float[] { 1, 1, 1, 1, 1, 1, 1, 1 };
        for (int i = 0; i < 3 && voxelSize is not null && i < voxelSize.Count; i++)
        {
            pixdim[i + 1] = (float)voxelSize[i];
        }

        return new NiftiHeader
        {
            Shape = shape.ToArray(),
            DataType = dataType,
            PixDim = pixdim,
            QFormCode = 1,
            XyztUnits = 2, // millimetres
            SRows = [pixdim[1], 0, 0, 0, 0, pixdim[2], 0, 0, 0, 0, pixdim[3], 0],
        };
    }

    /// <summary>
    /// The voxel-to-world affine (4×4, row-major) the NIfTI standard says to use: the sform when
    /// <see cref="SFormCode"/> &gt; 0, else the qform when <see cref="QFormCode"/> &gt; 0, else plain scaling by pixdim.
    /// </summary>
    public double[] Affine()
    {
        if (SFormCode > 0)
        {
            return SFormAffine();
        }

        if (QFormCode > 0)
        {
            return QFormAffine();
        }

        return [PixDim[1], 0, 0, 0, 0, PixDim[2], 0, 0, 0, 0, PixDim[3], 0, 0, 0, 0, 1];
    }

    /// <summary>The sform as a 4×4 row-major affine.</summary>
    public double[] SFormAffine() => [.. SRows.Select(v => (double)v), 0, 0, 0, 1];

    /// <summary>The qform as a 4×4 row-major affine: rotation from the quaternion, voxel size and qfac from pixdim, offsets.</summary>
    public double[] QFormAffine()
    {
        double b = Quaternion[0], c = Quaternion[1], d = Quaternion[2];
        double a = 1.0 - (b * b + c * c + d * d);
        if (a < 1e-7)
        {
            // The quaternion is a 180° rotation: normalise (b, c, d) and take a = 0, as the standard says.
            double n = Math.Sqrt(b * b + c * c + d * d);
            b /= n;
            c /= n;
            d /= n;
            a = 0;
        }
        else
        {
            a = Math.Sqrt(a);
        }

        double dx = PixDim[1] > 0 ? PixDim[1] : 1;
        double dy = PixDim[2] > 0 ? PixDim[2] : 1;
        double dz = PixDim[3] > 0 ? PixDim[3] : 1;
        double qfac = PixDim[0] < 0 ? -1 : 1;
        dz *= qfac;
        return
        [
            (a * a + b * b - c * c - d * d) * dx, 2 * (b * c - a * d) * dy, 2 * (b * d + a * c) * dz, QOffset[0],
            2 * (b * c + a * d) * dx, (a * a + c * c - b * b - d * d) * dy, 2 * (c * d - a * b) * dz, QOffset[1],
            2 * (b * d - a * c) * dx, 2 * (c * d + a * b) * dy, (a * a + d * d - c * c - b * b) * dz, QOffset[2],
            0, 0, 0, 1,
        ];
    }

    /// <summary>Parses a header; <paramref name="bigEndian"/> tells the file's byte order (found from sizeof_hdr).</summary>
    /// <returns>Null with <paramref name="problem"/> set when the bytes are not a usable NIfTI-1 header.</returns>
    internal static NiftiHeader? Parse(byte[] h, out bool bigEndian, out string problem)
    {
        bigEndian = false;
        problem = "";
        if (h.Length < HeaderSize)
        {
            problem = $"truncated: {h.Length} bytes, shorter than the {HeaderSize}-byte header";
            return null;
        }

        if (BinaryPrimitives.ReadInt32LittleEndian(h) != HeaderSize)
        {
            if (BinaryPrimitives.ReadInt32BigEndian(h) != HeaderSize)
            {
                problem = "not a NIfTI-1 file (sizeof_hdr is not 348 in either byte order)";
                return null;
            }

            bigEndian = true;
        }

        bool be = bigEndian;
        short I16(int o) => be ? BinaryPrimitives.ReadInt16BigEndian(h.AsSpan(o)) : BinaryPrimitives.ReadInt16LittleEndian(h.AsSpan(o));
        float F32(int o) => be ? BinaryPrimitives.ReadSingleBigEndian(h.AsSpan(o)) : BinaryPrimitives.ReadSingleLittleEndian(h.AsSpan(o));
        float[] F32s(int o, int n) => Enumerable.Range(0, n).Select(i => F32(o + 4 * i)).ToArray();
        string Text(int o, int n) => Encoding.ASCII.GetString(h, o, n).Split('\0')[0];

        string magic = Encoding.ASCII.GetString(h, 344, 4);
        if (magic == "ni1\0")
        {
            problem = "a two-file NIfTI (.hdr/.img) header; only single-file .nii and .nii.gz are supported";
            return null;
        }

        if (magic != "n+1\0")
        {
            problem = "not a NIfTI-1 file (no 'n+1' magic; Analyze 7.5 files are not supported)";
            return null;
        }

        int rank = I16(40);
        if (rank is < 1 or > 7)
        {
            problem = $"dim[0] = {rank}, outside 1..7";
            return null;
        }

        var shape = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++)
        {
            shape[i] = I16(42 + 2 * i);
            count *= Math.Max(shape[i], 1);
            if (shape[i] < 1 || count > Array.MaxLength)
            {
                problem = $"invalid dimensions [{string.Join(", ", shape[..(i + 1)])}]";
                return null;
            }
        }

        var type = (NiftiDataType)I16(70);
        if (NiftiDataTypes.Size(type) == 0)
        {
            problem = $"unsupported datatype code {(short)type}";
            return null;
        }

        float voxOffset = F32(108);
        if (!(voxOffset >= 352) || voxOffset > int.MaxValue || voxOffset != MathF.Floor(voxOffset))
        {
            problem = $"invalid vox_offset {voxOffset} (a .nii file needs an integer of at least 352)";
            return null;
        }

        return new NiftiHeader
        {
            Shape = shape,
            DataType = type,
            DimInfo = h[39],
            IntentParameters = F32s(56, 3),
            IntentCode = I16(68),
            SliceStart = I16(74),
            PixDim = F32s(76, 8),
            VoxOffset = voxOffset,
            ScaleSlope = F32(112),
            ScaleIntercept = F32(116),
            SliceEnd = I16(120),
            SliceCode = h[122],
            XyztUnits = h[123],
            CalMax = F32(124),
            CalMin = F32(128),
            SliceDuration = F32(132),
            TimeOffset = F32(136),
            Description = Text(148, 80),
            AuxFile = Text(228, 24),
            QFormCode = I16(252),
            SFormCode = I16(254),
            Quaternion = F32s(256, 3),
            QOffset = F32s(268, 3),
            SRows = F32s(280, 12),
            IntentName = Text(328, 16),
        };
    }

    /// <summary>Writes the header little-endian into the first 348 bytes of <paramref name="h"/>, with vox_offset 352.</summary>
    internal void WriteTo(byte[] h)
    {
        Array.Clear(h, 0, HeaderSize);
        void I16(int o, int v) => BinaryPrimitives.WriteInt16LittleEndian(h.AsSpan(o), (short)v);
        void F32(int o, float v) => BinaryPrimitives.WriteSingleLittleEndian(h.AsSpan(o), v);
        void F32s(int o, IReadOnlyList<float> v, int n)
        {
            for (int i = 0; i < n; i++)
            {
                F32(o + 4 * i, v[i]);
            }
        }

        void Text(int o, string s, int n) => Encoding.ASCII.GetBytes(s.Length >= n ? s[..(n - 1)] : s).CopyTo(h, o);

        BinaryPrimitives.WriteInt32LittleEndian(h, HeaderSize);
        h[38] = (byte)'r'; // "regular", as the standard's writers set it
        h[39] = DimInfo;
        I16(40, Shape.Count);
        for (int i = 0; i < 7; i++)
        {
            I16(42 + 2 * i, i < Shape.Count ? Shape[i] : 1);
        }

        F32s(56, IntentParameters, 3);
        I16(68, IntentCode);
        I16(70, (short)DataType);
        I16(72, 8 * NiftiDataTypes.Size(DataType));
        I16(74, SliceStart);
        F32s(76, PixDim, 8);
        F32(108, 352);
        F32(112, ScaleSlope);
        F32(116, ScaleIntercept);
        I16(120, SliceEnd);
        h[122] = SliceCode;
        h[123] = XyztUnits;
        F32(124, CalMax);
        F32(128, CalMin);
        F32(132, SliceDuration);
        F32(136, TimeOffset);
        Text(148, Description, 80);
        Text(228, AuxFile, 24);
        I16(252, QFormCode);
        I16(254, SFormCode);
        F32s(256, Quaternion, 3);
        F32s(268, QOffset, 3);
        F32s(280, SRows, 12);
        Text(328, IntentName, 16);
        "n+1\0"u8.CopyTo(h.AsSpan(344));
    }
}
