using Google.Protobuf;
using Proto = global::Onnx;

namespace MLSegmentation.Onnx;

/// <summary>A named attribute of a graph node (an integer, float, string, or a list of integers or floats).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix",
    Justification = "ONNX's own term for node parameters; not a .NET attribute.")]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name",
    Justification = "Factory names are ONNX's attribute type names (INT, INTS, FLOAT, FLOATS, STRING).")]
public sealed class OnnxAttribute
{
    private readonly Proto.AttributeProto _proto;

    private OnnxAttribute(Proto.AttributeProto proto) => _proto = proto;

    /// <summary>The attribute's name, e.g. <c>"kernel_shape"</c>.</summary>
    public string Name => _proto.Name;

    /// <summary>An integer attribute.</summary>
    public static OnnxAttribute Int(string name, long value) =>
        new(new Proto.AttributeProto { Name = CheckName(name), Type = Proto.AttributeProto.Types.AttributeType.Int, I = value });

    /// <summary>A list-of-integers attribute.</summary>
    public static OnnxAttribute Ints(string name, params long[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var proto = new Proto.AttributeProto { Name = CheckName(name), Type = Proto.AttributeProto.Types.AttributeType.Ints };
        proto.Ints.AddRange(values);
        return new(proto);
    }

    /// <summary>A float attribute.</summary>
    public static OnnxAttribute Float(string name, float value) =>
        new(new Proto.AttributeProto { Name = CheckName(name), Type = Proto.AttributeProto.Types.AttributeType.Float, F = value });

    /// <summary>A list-of-floats attribute.</summary>
    public static OnnxAttribute Floats(string name, params float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var proto = new Proto.AttributeProto { Name = CheckName(name), Type = Proto.AttributeProto.Types.AttributeType.Floats };
        proto.Floats.AddRange(values);
        return new(proto);
    }

    /// <summary>A string attribute (UTF-8).</summary>
    public static OnnxAttribute String(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(new Proto.AttributeProto
        {
            Name = CheckName(name),
            Type = Proto.AttributeProto.Types.AttributeType.String,
            S = ByteString.CopyFromUtf8(value),
        });
    }

    internal Proto.AttributeProto ToProto() => _proto.Clone();

    /// <inheritdoc />
    public override string ToString() => _proto.Type switch
    {
        Proto.AttributeProto.Types.AttributeType.Int => $"{Name}={_proto.I}",
        Proto.AttributeProto.Types.AttributeType.Ints => $"{Name}=[{string.Join(", ", _proto.Ints)}]",
        Proto.AttributeProto.Types.AttributeType.Float => $"{Name}={_proto.F}",
        Proto.AttributeProto.Types.AttributeType.Floats => $"{Name}=[{string.Join(", ", _proto.Floats)}]",
        _ => $"{Name}=\"{_proto.S.ToStringUtf8()}\"",
    };

    private static string CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return name;
    }
}
