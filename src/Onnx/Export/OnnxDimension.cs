namespace MLSegmentation.Onnx;

/// <summary>
/// One dimension of a graph input or output: a fixed size, or a symbolic name (e.g. <c>"N"</c>) that leaves the
/// size to the caller at run time. Converts implicitly from <see cref="long"/> and <see cref="string"/>.
/// </summary>
public readonly record struct OnnxDimension
{
    private OnnxDimension(long? value, string? symbol)
    {
        Value = value;
        Symbol = symbol;
    }

    /// <summary>The fixed size, or null for a symbolic dimension.</summary>
    public long? Value { get; }

    /// <summary>The symbolic name, or null for a fixed dimension.</summary>
    public string? Symbol { get; }

    /// <summary>True when the size is left to run time.</summary>
    public bool IsSymbolic => Symbol is not null;

    /// <summary>A dimension of fixed <paramref name="size"/> (at least 0).</summary>
    public static OnnxDimension Fixed(long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return new(size, null);
    }

    /// <summary>A dynamic dimension named <paramref name="name"/>; dimensions with the same name have the same size.</summary>
    public static OnnxDimension Symbolic(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new(null, name);
    }

    /// <summary>Same as <see cref="Fixed"/>.</summary>
    public static implicit operator OnnxDimension(long size) => Fixed(size);

    /// <summary>Same as <see cref="Symbolic"/>.</summary>
    public static implicit operator OnnxDimension(string name) => Symbolic(name);

    /// <inheritdoc />
    public override string ToString() => Symbol ?? Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?";
}
