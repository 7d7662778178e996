namespace MLSegmentation.Onnx;

/// <summary>A read-only list of disposable items that disposes them all when disposed.</summary>
/// <typeparam name="T">The item type.</typeparam>
public interface IDisposableReadOnlyCollection<out T> : IReadOnlyList<T>, IDisposable
{
}

/// <summary>A list that owns its items and disposes them when disposed.</summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class DisposableList<T> : List<T>, IDisposableReadOnlyCollection<T> where T : IDisposable
{
    public DisposableList(int capacity)
        : base(capacity)
    {
    }

    public void Dispose()
    {
        foreach (var item in this)
        {
            item?.Dispose();
        }
        Clear();
    }
}

/// <summary>
/// An input or output of a model paired with its name, as in ONNX Runtime's C# API.
/// </summary>
/// <remarks>
/// Ownership: a <see cref="NamedOnnxValue"/> made by <see cref="CreateFromTensor{T}(string, T[], ReadOnlySpan{long})"/>
/// or returned by <see cref="InferenceSession.Run(IReadOnlyList{NamedOnnxValue}, RunOptions?)"/> owns its
/// <see cref="Value"/> and disposes it when disposed; one made with <see cref="Create(string, OrtValue)"/> only
/// refers to a value the caller keeps owning.
/// </remarks>
public sealed class NamedOnnxValue : IDisposable
{
    private readonly bool _ownsValue;

    private NamedOnnxValue(string name, OrtValue value, bool ownsValue)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        Name = name;
        Value = value;
        _ownsValue = ownsValue;
    }

    /// <summary>The input or output name.</summary>
    public string Name { get; }

    /// <summary>The value.</summary>
    public OrtValue Value { get; }

    /// <summary>Pairs <paramref name="name"/> with <paramref name="value"/>, which the caller keeps owning.</summary>
    /// <param name="name">The model input name.</param>
    /// <param name="value">The value (not disposed by this object).</param>
    /// <returns>The named value.</returns>
    public static NamedOnnxValue Create(string name, OrtValue value) => new(name, value, ownsValue: false);

    /// <summary>A named tensor over <paramref name="data"/> (pinned, not copied) that owns its <see cref="OrtValue"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="name">The model input name.</param>
    /// <param name="data">The elements in row-major order; the caller keeps the array.</param>
    /// <param name="shape">The dimensions.</param>
    /// <returns>The named value; dispose it to unpin the array.</returns>
    public static NamedOnnxValue CreateFromTensor<T>(string name, T[] data, ReadOnlySpan<long> shape) where T : unmanaged =>
        new(name, OrtValue.CreateTensorValueFromMemory(data, shape), ownsValue: true);

    internal static NamedOnnxValue CreateOwned(string name, OrtValue value) => new(name, value, ownsValue: true);

    /// <summary>Disposes <see cref="Value"/> if this object owns it.</summary>
    public void Dispose()
    {
        if (_ownsValue)
        {
            Value.Dispose();
        }
    }
}
