using System.Runtime.InteropServices;

namespace MLSegmentation.Torch.Native;

/// <summary>Kinds of <see cref="NativeValue"/>, as <c>enum mlseg_kind</c>.</summary>
internal enum ValueKind
{
    Default = -1,
    None = 0,
    Tensor = 1,
    Int = 2,
    Double = 3,
    Bool = 4,
    IntList = 5,
    DoubleList = 6,
    TensorList = 7,
    OptionalTensorList = 8,
    String = 9,
    Device = 10,
    BoolList = 11,
}

/// <summary>A boxed operator argument or return, laid out as <c>mlseg_value</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeValue
{
    public ValueKind Kind;
    public int Reserved;
    public long I;
    public double D;
    public nint P;
    public long N;
}

internal static unsafe partial class NativeMethods
{
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint mlseg_op_find(string name, string overload);

    [LibraryImport(Library)]
    internal static partial int mlseg_op_schema(nint op, byte* buffer, int length);

    [LibraryImport(Library)]
    internal static partial int mlseg_op_call(nint op, NativeValue* arguments, int count, NativeValue* results,
        int capacity, out int resultCount);
}
