using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace MLSegmentation.Transforms;

/// <summary>Sizes, ranges and byte conversions of <see cref="NiftiDataType"/> values.</summary>
internal static class NiftiDataTypes
{
    /// <summary>Bytes per voxel; 0 for an unknown type.</summary>
    public static int Size(NiftiDataType type) => type switch
    {
        NiftiDataType.UInt8 or NiftiDataType.Int8 => 1,
        NiftiDataType.Int16 or NiftiDataType.UInt16 => 2,
        NiftiDataType.Int32 or NiftiDataType.UInt32 or NiftiDataType.Float32 => 4,
        NiftiDataType.Float64 => 8,
        _ => 0,
    };

    /// <summary>Whether the type holds integers.</summary>
    public static bool IsInteger(NiftiDataType type) => type is not (NiftiDataType.Float32 or NiftiDataType.Float64);

    /// <summary>The smallest and largest value of an integer type.</summary>
    public static (double Min, double Max) Range(NiftiDataType type) => type switch
    {
        NiftiDataType.UInt8 => (byte.MinValue, byte.MaxValue),
        NiftiDataType.Int8 => (sbyte.MinValue, sbyte.MaxValue),
        NiftiDataType.Int16 => (short.MinValue, short.MaxValue),
        NiftiDataType.UInt16 => (ushort.MinValue, ushort.MaxValue),
        NiftiDataType.Int32 => (int.MinValue, int.MaxValue),
        NiftiDataType.UInt32 => (uint.MinValue, uint.MaxValue),
        NiftiDataType.Float32 => (float.MinValue, float.MaxValue),
        _ => (double.MinValue, double.MaxValue),
    };

    /// <summary>Voxels <paramref name="start"/> … <paramref name="start"/> + <paramref name="block"/>.Length − 1 as stored (before scaling), one type switch per block.</summary>
    public static void ReadBlock(ReadOnlySpan<byte> data, int start, Span<double> block, NiftiDataType type, bool bigEndian)
    {
        int size = Size(type);
        ReadOnlySpan<byte> b = data.Slice(start * size, block.Length * size);
        bool swap = bigEndian == BitConverter.IsLittleEndian;
        switch (type)
        {
            case NiftiDataType.UInt8:
                for (int i = 0; i < block.Length; i++)
                {
                    block[i] = b[i];
                }

                break;
            case NiftiDataType.Int16 when !swap:
                ReadOnlySpan<short> shorts = MemoryMarshal.Cast<byte, short>(b);
                for (int i = 0; i < block.Length; i++)
                {
                    block[i] = shorts[i];
                }

                break;
            case NiftiDataType.Float32 when !swap:
                ReadOnlySpan<float> floats = MemoryMarshal.Cast<byte, float>(b);
                for (int i = 0; i < block.Length; i++)
                {
                    block[i] = floats[i];
                }

                break;
            default:
                for (int i = 0; i < block.Length; i++)
                {
                    block[i] = Read(b, i, type, bigEndian);
                }

                break;
        }
    }

    /// <summary>Voxel <paramref name="index"/> of <paramref name="data"/> as stored (before scaling).</summary>
    public static double Read(ReadOnlySpan<byte> data, int index, NiftiDataType type, bool bigEndian)
    {
        int size = Size(type);
        ReadOnlySpan<byte> b = data.Slice(index * size, size);
        return type switch
        {
            NiftiDataType.UInt8 => b[0],
            NiftiDataType.Int8 => (sbyte)b[0],
            NiftiDataType.Int16 => bigEndian ? BinaryPrimitives.ReadInt16BigEndian(b) : BinaryPrimitives.ReadInt16LittleEndian(b),
            NiftiDataType.UInt16 => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b),
            NiftiDataType.Int32 => bigEndian ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b),
            NiftiDataType.UInt32 => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b),
            NiftiDataType.Float32 => bigEndian ? BinaryPrimitives.ReadSingleBigEndian(b) : BinaryPrimitives.ReadSingleLittleEndian(b),
            _ => bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(b) : BinaryPrimitives.ReadDoubleLittleEndian(b),
        };
    }

    /// <summary>Writes <paramref name="value"/>, already rounded and in range for integer types, little-endian.</summary>
    public static void Write(Span<byte> data, int index, NiftiDataType type, double value)
    {
        Span<byte> b = data.Slice(index * Size(type), Size(type));
        switch (type)
        {
            case NiftiDataType.UInt8: b[0] = (byte)value; break;
            case NiftiDataType.Int8: b[0] = (byte)(sbyte)value; break;
            case NiftiDataType.Int16: BinaryPrimitives.WriteInt16LittleEndian(b, (short)value); break;
            case NiftiDataType.UInt16: BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)value); break;
            case NiftiDataType.Int32: BinaryPrimitives.WriteInt32LittleEndian(b, (int)value); break;
            case NiftiDataType.UInt32: BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)value); break;
            case NiftiDataType.Float32: BinaryPrimitives.WriteSingleLittleEndian(b, (float)value); break;
            default: BinaryPrimitives.WriteDoubleLittleEndian(b, value); break;
        }
    }
}
