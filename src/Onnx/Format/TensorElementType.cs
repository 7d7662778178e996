namespace MLSegmentation.Onnx;

/// <summary>
/// Element types of ONNX tensors as the format numbers them (<c>TensorProto.DataType</c>), for building graphs
/// (<see cref="OnnxGraphBuilder"/>). Values equal ONNX Runtime's <c>Microsoft.ML.OnnxRuntime.Tensors.TensorElementType</c>
/// (which has no <see cref="Undefined"/>): cast between them where a session's metadata is compared.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name",
    Justification = "Member names are ONNX element type names, as in ONNX Runtime's C# TensorElementType.")]
public enum TensorElementType
{
    /// <summary>Undefined.</summary>
    Undefined = 0,
    /// <summary>32-bit float (<see cref="float"/>).</summary>
    Float = 1,
    /// <summary>Unsigned byte (<see cref="byte"/>).</summary>
    UInt8 = 2,
    /// <summary>Signed byte (<see cref="sbyte"/>).</summary>
    Int8 = 3,
    /// <summary>Unsigned 16-bit integer (<see cref="ushort"/>).</summary>
    UInt16 = 4,
    /// <summary>Signed 16-bit integer (<see cref="short"/>).</summary>
    Int16 = 5,
    /// <summary>Signed 32-bit integer (<see cref="int"/>).</summary>
    Int32 = 6,
    /// <summary>Signed 64-bit integer (<see cref="long"/>).</summary>
    Int64 = 7,
    /// <summary>String (not supported for zero-copy tensors).</summary>
    String = 8,
    /// <summary>Boolean, one byte per element (<see cref="bool"/>).</summary>
    Bool = 9,
    /// <summary>IEEE half precision (<see cref="Half"/>).</summary>
    Float16 = 10,
    /// <summary>64-bit float (<see cref="double"/>).</summary>
    Double = 11,
    /// <summary>Unsigned 32-bit integer (<see cref="uint"/>).</summary>
    UInt32 = 12,
    /// <summary>Unsigned 64-bit integer (<see cref="ulong"/>).</summary>
    UInt64 = 13,
    /// <summary>Complex of two floats.</summary>
    Complex64 = 14,
    /// <summary>Complex of two doubles.</summary>
    Complex128 = 15,
    /// <summary>bfloat16.</summary>
    BFloat16 = 16,
}

