namespace MLSegmentation.Transforms;

/// <summary>NIfTI-1 voxel types this library reads (all) and writes (all).</summary>
#pragma warning disable CA1720 // The members are named after the NIfTI codes they stand for (DT_UINT8, DT_INT16, ...).
public enum NiftiDataType : short
{
    /// <summary>Unsigned 8-bit integer (DT_UINT8).</summary>
    UInt8 = 2,

    /// <summary>Signed 16-bit integer (DT_INT16).</summary>
    Int16 = 4,

    /// <summary>Signed 32-bit integer (DT_INT32).</summary>
    Int32 = 8,

    /// <summary>32-bit float (DT_FLOAT32).</summary>
    Float32 = 16,

    /// <summary>64-bit float (DT_FLOAT64).</summary>
    Float64 = 64,

    /// <summary>Signed 8-bit integer (DT_INT8).</summary>
    Int8 = 256,

    /// <summary>Unsigned 16-bit integer (DT_UINT16).</summary>
    UInt16 = 512,

    /// <summary>Unsigned 32-bit integer (DT_UINT32).</summary>
    UInt32 = 768,
}
#pragma warning restore CA1720
