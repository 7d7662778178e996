namespace MLSegmentation.Onnx;

/// <summary>Metadata of one model input or output: kind, element type and dimensions (managed copy).</summary>
public sealed class NodeMetadata
{
    internal NodeMetadata(string name, OnnxValueType onnxValueType, TensorElementType elementDataType, int[] dimensions, string[] symbolicDimensions)
    {
        Name = name;
        OnnxValueType = onnxValueType;
        ElementDataType = elementDataType;
        Dimensions = dimensions;
        SymbolicDimensions = symbolicDimensions;
    }

    /// <summary>The input or output name.</summary>
    public string Name { get; }

    /// <summary>The kind of value (tensor, sequence, map, ...).</summary>
    public OnnxValueType OnnxValueType { get; }

    /// <summary>Whether the value is a tensor.</summary>
    public bool IsTensor => OnnxValueType == OnnxValueType.Tensor;

    /// <summary>The tensor element type (<see cref="TensorElementType.Undefined"/> for non-tensors).</summary>
    public TensorElementType ElementDataType { get; }

    /// <summary>The dimensions: -1 for a dynamic (symbolic or unknown) dimension. Empty for non-tensors and scalars.</summary>
    public IReadOnlyList<int> Dimensions { get; }

    /// <summary>Symbolic names of the dimensions, e.g. "batch"; "" for fixed or unnamed dimensions.</summary>
    public IReadOnlyList<string> SymbolicDimensions { get; }

    /// <inheritdoc />
    public override string ToString()
    {
        var dims = new string[Dimensions.Count];
        for (var i = 0; i < dims.Length; i++)
        {
            dims[i] = Dimensions[i] >= 0 ? Dimensions[i].ToString(System.Globalization.CultureInfo.InvariantCulture)
                : SymbolicDimensions[i].Length > 0 ? SymbolicDimensions[i] : "?";
        }
        return OnnxValueType == OnnxValueType.Tensor
            ? $"{Name}: {ElementDataType}[{string.Join(", ", dims)}]"
            : $"{Name}: {OnnxValueType}";
    }

    internal static unsafe NodeMetadata Read(string name, IntPtr typeInfo)
    {
        var api = NativeMethods.Api;
        OnnxValueType kind;
        NativeMethods.Check(api.GetOnnxTypeFromTypeInfo(typeInfo, &kind));
        IntPtr tensorInfo;
        // The tensor info belongs to the type info; it is not released separately.
        NativeMethods.Check(api.CastTypeInfoToTensorInfo(typeInfo, &tensorInfo));
        if (kind != OnnxValueType.Tensor || tensorInfo == IntPtr.Zero)
        {
            return new NodeMetadata(name, kind, TensorElementType.Undefined, [], []);
        }
        var info = OrtTensorTypeAndShapeInfo.Read(tensorInfo);
        var dims = new int[info.Shape.Count];
        for (var i = 0; i < dims.Length; i++)
        {
            dims[i] = info.Shape[i] < 0 ? -1 : checked((int)info.Shape[i]);
        }
        return new NodeMetadata(name, kind, info.ElementDataType, dims, [.. info.SymbolicDimensions]);
    }
}

/// <summary>The model's own metadata (<c>OrtModelMetadata</c>), copied to managed memory when the session is created.</summary>
public sealed class ModelMetadata
{
    internal ModelMetadata(string producerName, string graphName, string graphDescription, string domain,
        string description, long version, IReadOnlyDictionary<string, string> customMetadataMap)
    {
        ProducerName = producerName;
        GraphName = graphName;
        GraphDescription = graphDescription;
        Domain = domain;
        Description = description;
        Version = version;
        CustomMetadataMap = customMetadataMap;
    }

    /// <summary>The producer, e.g. "pytorch".</summary>
    public string ProducerName { get; }

    /// <summary>The graph's name.</summary>
    public string GraphName { get; }

    /// <summary>The graph's doc string.</summary>
    public string GraphDescription { get; }

    /// <summary>The model's domain.</summary>
    public string Domain { get; }

    /// <summary>The model's doc string.</summary>
    public string Description { get; }

    /// <summary>The model version (<c>model_version</c>).</summary>
    public long Version { get; }

    /// <summary>The model's <c>metadata_props</c> key/value pairs.</summary>
    public IReadOnlyDictionary<string, string> CustomMetadataMap { get; }

    internal static unsafe ModelMetadata Read(OrtSessionHandle session)
    {
        var api = NativeMethods.Api;
        var allocator = OrtAllocator.DefaultPointer;
        IntPtr created;
        NativeMethods.Check(api.SessionGetModelMetadata(session.Pointer, &created), "Reading model metadata");
        var md = created;
        using var owned = new OrtModelMetadataHandle();
        owned.Attach(created);

        string Get(delegate* unmanaged<IntPtr, IntPtr, byte**, IntPtr> getter)
        {
            byte* value;
            NativeMethods.Check(getter(md, allocator, &value), "Reading model metadata");
            return OrtAllocatedMemoryHandle.TakeString((IntPtr)value);
        }

        var producer = Get(api.ModelMetadataGetProducerName);
        var graphName = Get(api.ModelMetadataGetGraphName);
        var graphDescription = Get(api.ModelMetadataGetGraphDescription);
        var domain = Get(api.ModelMetadataGetDomain);
        var description = Get(api.ModelMetadataGetDescription);
        long version;
        NativeMethods.Check(api.ModelMetadataGetVersion(md, &version), "Reading model metadata");

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        byte** keys;
        long keyCount;
        NativeMethods.Check(api.ModelMetadataGetCustomMetadataMapKeys(md, allocator, &keys, &keyCount), "Reading model metadata");
        if (keys != null)
        {
            // The key array and each key are allocator memory; every one is freed, even if a lookup fails.
            using var keyArray = new OrtAllocatedMemoryHandle(allocator, (IntPtr)keys);
            var ownedKeys = new OrtAllocatedMemoryHandle[keyCount];
            for (long i = 0; i < keyCount; i++)
            {
                ownedKeys[i] = new OrtAllocatedMemoryHandle(allocator, (IntPtr)keys[i]);
            }
            try
            {
                foreach (var ownedKey in ownedKeys)
                {
                    byte* value;
                    NativeMethods.Check(api.ModelMetadataLookupCustomMetadataMap(md, allocator, (byte*)ownedKey.Pointer, &value), "Reading model metadata");
                    map[ownedKey.ReadUtf8()] = OrtAllocatedMemoryHandle.TakeString((IntPtr)value);
                }
            }
            finally
            {
                foreach (var ownedKey in ownedKeys)
                {
                    ownedKey.Dispose();
                }
            }
        }
        return new ModelMetadata(producer, graphName, graphDescription, domain, description, version, map);
    }
}
