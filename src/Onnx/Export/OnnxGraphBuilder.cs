using System.Globalization;
using System.Reflection;
using Google.Protobuf;
using Proto = global::Onnx;

namespace MLSegmentation.Onnx;

/// <summary>
/// Builds one ONNX model (opset <see cref="OpsetVersion"/> of the default domain, IR version <see cref="IrVersion"/>):
/// graph inputs and outputs with fixed or symbolic dimensions, initializers from arrays, nodes with
/// attributes, and custom metadata. Values are referred to by name; every method that creates a value returns its
/// (unique) name. Nodes must be added in topological order (every input defined before use); <see cref="Save"/>
/// checks this. Not thread-safe.
/// </summary>
public sealed class OnnxGraphBuilder
{
    /// <summary>The opset of the default ONNX domain the graph is written against.</summary>
    public const long OpsetVersion = 17;

    /// <summary>The ONNX IR version written (8: ONNX 1.10–1.12; read by every ONNX Runtime since 1.10).</summary>
    public const long IrVersion = 8;

    /// <summary>The producer name written into every model.</summary>
    public const string ProducerName = "MLSegmentation";

    private readonly Proto.GraphProto _graph;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _counters = new(StringComparer.Ordinal);
    private readonly List<KeyValuePair<string, string>> _metadata = [];

    /// <summary>Starts an empty graph named <paramref name="graphName"/>.</summary>
    public OnnxGraphBuilder(string graphName = "mlseg")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(graphName);
        _graph = new Proto.GraphProto { Name = graphName };
    }

    /// <summary>The library version written as the producer version (the assembly's informational version without build metadata).</summary>
    public static string ProducerVersion { get; } = ReadVersion();

    /// <summary>Free text stored as the model's doc string.</summary>
    public string? DocString { get; set; }

    /// <summary>Number of nodes added so far.</summary>
    public int NodeCount => _graph.Node.Count;

    /// <summary>Custom metadata added so far (key, value), in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Metadata => _metadata;

    /// <summary>True when <paramref name="name"/> is already a value in the graph.</summary>
    public bool Contains(string name) => _names.Contains(name);

    /// <summary>A name not yet used in the graph: <paramref name="prefix"/> followed by a counter (e.g. <c>conv_3</c>).</summary>
    public string UniqueName(string prefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        _counters.TryGetValue(prefix, out int next);
        string name;
        do
        {
            name = prefix + "_" + next.ToString(CultureInfo.InvariantCulture);
            next++;
        }
        while (_names.Contains(name));
        _counters[prefix] = next;
        return name;
    }

    /// <summary>Declares a graph input; returns <paramref name="name"/>.</summary>
    public string AddInput(string name, TensorElementType elementType, params OnnxDimension[] dimensions)
    {
        Claim(name);
        _graph.Input.Add(ValueInfo(name, elementType, dimensions));
        return name;
    }

    /// <summary>Declares <paramref name="name"/>, a value some node produces, as a graph output.</summary>
    public void AddOutput(string name, TensorElementType elementType, params OnnxDimension[] dimensions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_names.Contains(name)) throw new ArgumentException($"the graph has no value named '{name}' to declare as an output", nameof(name));
        if (_graph.Output.Any(o => o.Name == name)) throw new ArgumentException($"'{name}' is already a graph output", nameof(name));
        _graph.Output.Add(ValueInfo(name, elementType, dimensions));
    }

    /// <summary>Adds a float32 constant of <paramref name="shape"/> (row-major <paramref name="data"/>); returns its unique name.</summary>
    public string AddInitializer(string name, float[] data, params long[] shape) =>
        AddInitializer(name, Proto.TensorProto.Types.DataType.Float, data, shape);

    /// <summary>Adds an int64 constant of <paramref name="shape"/> (row-major <paramref name="data"/>); returns its unique name.</summary>
    public string AddInitializer(string name, long[] data, params long[] shape) =>
        AddInitializer(name, Proto.TensorProto.Types.DataType.Int64, data, shape);

    /// <summary>Adds a node with one output, named uniquely after <paramref name="opType"/>; returns the output's name.</summary>
    public string AddNode(string opType, IReadOnlyList<string> inputs, params OnnxAttribute[] attributes) =>
        AddNode(opType, inputs, 1, attributes)[0];

    /// <summary>Adds a node with <paramref name="outputCount"/> uniquely named outputs; returns their names.</summary>
    public string[] AddNode(string opType, IReadOnlyList<string> inputs, int outputCount, params OnnxAttribute[] attributes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(opType);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputCount, 1);
        var outputs = new string[outputCount];
        for (int i = 0; i < outputCount; i++) outputs[i] = UniqueName(opType.ToLowerInvariant());
        AddNodeWithOutputs(opType, inputs, outputs, attributes);
        return outputs;
    }

    /// <summary>Adds a node whose outputs get the given names (e.g. graph outputs such as <c>"labels"</c>); every name must be new.</summary>
    public void AddNodeWithOutputs(string opType, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, params OnnxAttribute[] attributes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(opType);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(attributes);
        foreach (string input in inputs)
        {
            // "" marks an omitted optional input.
            if (input.Length > 0 && !_names.Contains(input))
                throw new ArgumentException($"{opType}: input '{input}' is not a value of the graph (add it before using it)", nameof(inputs));
        }
        foreach (string output in outputs) Claim(output);
        var node = new Proto.NodeProto { OpType = opType, Name = UniqueNodeName(opType) };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        foreach (OnnxAttribute attribute in attributes) node.Attribute.Add(attribute.ToProto());
        _graph.Node.Add(node);
    }

    /// <summary>Adds or replaces a custom metadata entry (ONNX <c>metadata_props</c>).</summary>
    public void SetMetadata(string key, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(value);
        int index = _metadata.FindIndex(kv => kv.Key == key);
        if (index >= 0) _metadata[index] = new(key, value);
        else _metadata.Add(new(key, value));
    }

    /// <summary>The serialized model.</summary>
    public byte[] ToByteArray() => Build().ToByteArray();

    /// <summary>
    /// Writes the model to <paramref name="path"/> (folders created): first to a temporary file beside it, then renamed
    /// over the target, so a reader never sees a partial model.
    /// </summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        byte[] bytes = ToByteArray();
        string temp = Path.Combine(folder, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    internal Proto.ModelProto Build()
    {
        if (_graph.Input.Count == 0) throw new InvalidOperationException("ONNX export: the graph has no input");
        if (_graph.Output.Count == 0) throw new InvalidOperationException("ONNX export: the graph has no output");
        var model = new Proto.ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = ProducerName,
            ProducerVersion = ProducerVersion,
            Graph = _graph.Clone(),
        };
        if (DocString is not null) model.DocString = DocString;
        model.OpsetImport.Add(new Proto.OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        foreach ((string key, string value) in _metadata) model.MetadataProps.Add(new Proto.StringStringEntryProto { Key = key, Value = value });
        return model;
    }

    private string AddInitializer<T>(string name, Proto.TensorProto.Types.DataType type, T[] data, long[] shape) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (long d in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(shape));
            count *= d;
        }
        if (count != data.Length)
            throw new ArgumentException($"initializer '{name}': {data.Length} values for shape [{string.Join(", ", shape)}]", nameof(data));
        string unique = Contains(name) ? UniqueName(name) : name;
        Claim(unique);
        var tensor = new Proto.TensorProto { Name = unique, DataType = (int)type };
        tensor.Dims.AddRange(shape);
        // raw_data is little-endian by the ONNX spec, as is every platform .NET runs this library on.
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX export needs a little-endian machine");
        tensor.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));
        _graph.Initializer.Add(tensor);
        return unique;
    }

    private void Claim(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_names.Add(name)) throw new ArgumentException($"the graph already has a value named '{name}'", nameof(name));
    }

    private string UniqueNodeName(string opType)
    {
        string key = "node:" + opType;
        _counters.TryGetValue(key, out int next);
        _counters[key] = next + 1;
        return opType + "_" + next.ToString(CultureInfo.InvariantCulture);
    }

    internal static Proto.ValueInfoProto ValueInfo(string name, TensorElementType elementType, OnnxDimension[] dimensions)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        if (elementType is TensorElementType.Undefined or TensorElementType.String)
            throw new ArgumentException($"'{name}': element type {elementType} is not a numeric tensor type", nameof(elementType));
        var shape = new Proto.TensorShapeProto();
        foreach (OnnxDimension d in dimensions)
        {
            shape.Dim.Add(d.IsSymbolic
                ? new Proto.TensorShapeProto.Types.Dimension { DimParam = d.Symbol }
                : new Proto.TensorShapeProto.Types.Dimension { DimValue = d.Value ?? 0 });
        }
        return new Proto.ValueInfoProto
        {
            Name = name,
            Type = new Proto.TypeProto
            {
                TensorType = new Proto.TypeProto.Types.Tensor { ElemType = (int)elementType, Shape = shape },
            },
        };
    }

    private static string ReadVersion()
    {
        string? version = typeof(OnnxGraphBuilder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(version)) return "0.0.0";
        int plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
