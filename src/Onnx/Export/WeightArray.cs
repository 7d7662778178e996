namespace MLSegmentation.Onnx;

/// <summary>
/// A float32 weight as the exporter reads it: row-major values and their shape, copied out of whatever engine trained
/// them (a PyTorch state dict entry, a TorchSharp parameter). The exporter only reads <see cref="Data"/>.
/// </summary>
public sealed record WeightArray
{
    /// <summary>Wraps <paramref name="data"/> (not copied) as an array of <paramref name="shape"/>.</summary>
    /// <exception cref="ArgumentException">The shape's element count differs from the data's length, or a dimension is negative.</exception>
    public WeightArray(float[] data, params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Any(d => d < 0)) throw new ArgumentException($"weight shape [{string.Join(", ", shape)}] has a negative dimension", nameof(shape));
        long count = shape.Aggregate(1L, (a, b) => a * b);
        if (count != data.Length)
            throw new ArgumentException($"weight shape [{string.Join(", ", shape)}] holds {count} values but {data.Length} were given", nameof(data));
        Data = data;
        Shape = shape;
    }

    /// <summary>The values, row-major.</summary>
    public float[] Data { get; }

    /// <summary>The dimensions.</summary>
    public long[] Shape { get; }
}
