namespace MLSegmentation.Onnx;

/// <summary>Element types of ONNX tensors (<c>ONNXTensorElementDataType</c>); values equal the C API's.</summary>
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

/// <summary>Kinds of ONNX values (<c>ONNXType</c>).</summary>
public enum OnnxValueType
{
    /// <summary>Unknown.</summary>
    Unknown = 0,
    /// <summary>A tensor.</summary>
    Tensor = 1,
    /// <summary>A sequence.</summary>
    Sequence = 2,
    /// <summary>A map.</summary>
    Map = 3,
    /// <summary>An opaque value.</summary>
    Opaque = 4,
    /// <summary>A sparse tensor.</summary>
    SparseTensor = 5,
    /// <summary>An optional value.</summary>
    Optional = 6,
}

/// <summary>Graph optimisation levels (<c>GraphOptimizationLevel</c>); values equal the C API's.</summary>
public enum GraphOptimizationLevel
{
    /// <summary>No optimisation.</summary>
    DisableAll = 0,
    /// <summary>Basic optimisations (constant folding, redundant node removal).</summary>
    EnableBasic = 1,
    /// <summary>Basic plus extended (fusions).</summary>
    EnableExtended = 2,
    /// <summary>Extended plus layout optimisations.</summary>
    EnableLayout = 3,
    /// <summary>All optimisations (ORT's default).</summary>
    EnableAll = 99,
}

/// <summary>How a session executes the graph's nodes (<c>ExecutionMode</c>).</summary>
public enum ExecutionMode
{
    /// <summary>Nodes run one after another (each node may use the intra-op thread pool).</summary>
    Sequential = 0,
    /// <summary>Independent nodes may run in parallel on the inter-op thread pool.</summary>
    Parallel = 1,
}

/// <summary>Severity levels of ONNX Runtime's log (<c>OrtLoggingLevel</c>).</summary>
public enum OrtLoggingLevel
{
    /// <summary>Verbose.</summary>
    Verbose = 0,
    /// <summary>Informational.</summary>
    Info = 1,
    /// <summary>Warnings.</summary>
    Warning = 2,
    /// <summary>Errors.</summary>
    Error = 3,
    /// <summary>Fatal errors only.</summary>
    Fatal = 4,
}

/// <summary>Which execution provider a session should run on.</summary>
public enum ExecutionProvider
{
    /// <summary>ONNX Runtime's CPU provider.</summary>
    Cpu = 0,
    /// <summary>
    /// The CUDA provider on <see cref="SessionOptions.CudaDeviceId"/>. If it is unavailable the session fails with a
    /// clear exception, unless <see cref="SessionOptions.FallbackToCpu"/> is set.
    /// </summary>
    Cuda = 1,
    /// <summary>CUDA when available, otherwise CPU (CUDA with <see cref="SessionOptions.FallbackToCpu"/>).</summary>
    Auto = 2,
}
