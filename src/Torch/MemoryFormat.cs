namespace MLSegmentation.Torch;

/// <summary>How a 4D or 5D tensor's elements are laid out, numbered as libtorch's <c>c10::MemoryFormat</c>.</summary>
public enum MemoryFormat
{
    /// <summary>Row-major NCHW / NCDHW.</summary>
    Contiguous = 0,
    /// <summary>Keep the input's layout.</summary>
    Preserve = 1,
    /// <summary>NHWC: channels innermost. oneDNN's CPU convolutions run faster on it.</summary>
    ChannelsLast = 2,
    /// <summary>NDHWC for volumes.</summary>
    ChannelsLast3d = 3,
}

public partial class Tensor
{
    private static readonly Operator s_contiguousFormat = new("aten::contiguous");
    private static readonly Operator s_isContiguous = new("aten::is_contiguous", "memory_format");

    /// <summary>The same values laid out in <paramref name="format"/> (this tensor's data when it already is).</summary>
    public Tensor contiguous(MemoryFormat format) => s_contiguousFormat.Tensor(this, (long)format);

    /// <summary>True when the tensor is laid out in <paramref name="format"/>.</summary>
    public bool is_contiguous(MemoryFormat format = MemoryFormat.Contiguous) => s_isContiguous.Int(this, (long)format) != 0;
}
