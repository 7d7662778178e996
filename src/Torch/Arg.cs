using MLSegmentation.Torch.Native;

namespace MLSegmentation.Torch;

/// <summary>
/// One argument of an ATen operator call, converted implicitly from the managed value.
/// Integer and tensor lists are copied into native scratch memory for the call only.
/// </summary>
internal readonly struct Arg
{
    internal readonly ValueKind Kind;
    internal readonly long Integer;
    internal readonly double Real;
    internal readonly object? Reference;

    private Arg(ValueKind kind, long integer = 0, double real = 0, object? reference = null)
    {
        Kind = kind;
        Integer = integer;
        Real = real;
        Reference = reference;
    }

    /// <summary>Python's None.</summary>
    internal static Arg None => new(ValueKind.None);

    /// <summary>The schema's default for this position.</summary>
    internal static Arg Default => new(ValueKind.Default);

    public static implicit operator Arg(Tensor? t) => t is null ? None : new(ValueKind.Tensor, reference: t);
    public static implicit operator Arg(long v) => new(ValueKind.Int, v);
    public static implicit operator Arg(int v) => new(ValueKind.Int, v);
    public static implicit operator Arg(double v) => new(ValueKind.Double, real: v);
    public static implicit operator Arg(bool v) => new(ValueKind.Bool, v ? 1 : 0);
    public static implicit operator Arg(long[]? v) => v is null ? None : new(ValueKind.IntList, reference: v);
    public static implicit operator Arg(double[]? v) => v is null ? None : new(ValueKind.DoubleList, reference: v);
    public static implicit operator Arg(bool[]? v) => v is null ? None : new(ValueKind.BoolList, reference: v);
    public static implicit operator Arg(Tensor[]? v) => v is null ? None : new(ValueKind.TensorList, reference: v);
    public static implicit operator Arg(string? v) => v is null ? None : new(ValueKind.String, reference: v);
    // The device index travels in Real and becomes mlseg_value.n (see Operator.Convert).
    public static implicit operator Arg(Device d) => new(ValueKind.Device, (long)d.Type, d.Index);
    public static implicit operator Arg(ScalarType t) => new(ValueKind.Int, (long)t);
    public static implicit operator Arg(ScalarType? t) => t is null ? None : new(ValueKind.Int, (long)t.Value);
    public static implicit operator Arg(double? v) => v is null ? None : new(ValueKind.Double, real: v.Value);
    public static implicit operator Arg(long? v) => v is null ? None : new(ValueKind.Int, v.Value);

    /// <summary>A <c>Tensor?[]</c> argument (as <c>aten::index</c> takes): null entries are None.</summary>
    internal static Arg OptionalTensors(Tensor?[] tensors) => new(ValueKind.OptionalTensorList, reference: tensors);
}
