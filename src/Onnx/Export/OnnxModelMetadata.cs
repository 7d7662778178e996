using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MLSegmentation.Onnx;

/// <summary>
/// What a scorer needs to know about an exported segmenter, stored as custom model metadata (<c>metadata_props</c>):
/// <c>mlseg.class_names</c> (JSON array), <c>mlseg.normalization</c> (JSON object), <c>mlseg.training_size</c>
/// (comma-separated, e.g. <c>"64,64"</c>), <c>mlseg.resize</c>, <c>mlseg.method</c> and <c>mlseg.version</c>, in the formats the batch
/// scorer reads.
/// </summary>
public sealed record OnnxModelMetadata
{
    /// <summary>Class names, index = label value (background first). Their count is the number of classes.</summary>
    public required IReadOnlyList<string> ClassNames { get; init; }

    /// <summary>
    /// The input normalisation as JSON: <c>{"kind":"none"}</c> (default), <c>{"kind":"zscore"}</c> (per image and
    /// channel), <c>{"kind":"fixed","mean":[..],"std":[..]}</c> or <c>{"kind":"scale","factor":0.0039215686}</c>.
    /// </summary>
    public string Normalization { get; init; } = """{"kind":"none"}""";

    /// <summary>The spatial size trained on (<c>[H, W]</c> or <c>[D, H, W]</c>), or empty when unknown (then not written).</summary>
    public IReadOnlyList<long> TrainingSize { get; init; } = [];

    /// <summary>How scorers should map inputs onto the model (<c>mlseg.resize</c>), or null when not declared (then not written; scorers run at each input's size).</summary>
    public ResizePolicy? Resize { get; init; }

    /// <summary>The training method (<c>baseline</c>, <c>colab</c>, <c>contrastive</c>, <c>masksup</c>).</summary>
    public string Method { get; init; } = "baseline";

    /// <summary>The library version that wrote the model; defaults to this library's.</summary>
    public string Version { get; init; } = OnnxGraphBuilder.ProducerVersion;

    /// <summary>The JSON of fixed per-channel normalisation (x − mean[c]) / std[c], for <see cref="Normalization"/>.</summary>
    public static string FixedNormalization(IReadOnlyList<double> mean, IReadOnlyList<double> std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Count == 0 || mean.Count != std.Count) throw new ArgumentException($"one mean and one std per channel (got {mean.Count} and {std.Count})");
        if (std.Any(s => !(s > 0) || !double.IsFinite(s))) throw new ArgumentException("standard deviations must be positive and finite", nameof(std));
        var node = new JsonObject
        {
            ["kind"] = "fixed",
            ["mean"] = new JsonArray([.. mean.Select(v => (JsonNode)v)]),
            ["std"] = new JsonArray([.. std.Select(v => (JsonNode)v)]),
        };
        return node.ToJsonString();
    }

    /// <summary>The entries as stored in the model (key → value), checked.</summary>
    public IReadOnlyDictionary<string, string> ToProperties()
    {
        if (ClassNames is null || ClassNames.Count == 0 || ClassNames.Any(string.IsNullOrEmpty))
            throw new InvalidOperationException("export metadata: class names must be given, none empty");
        CheckNormalization(Normalization);
        if (TrainingSize.Any(s => s < 1)) throw new InvalidOperationException($"export metadata: bad training size [{string.Join(", ", TrainingSize)}]");
        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [SegmentationMetadataKeys.ClassNames] = JsonSerializer.Serialize(ClassNames.ToArray(), MetadataJsonContext.Default.StringArray),
            [SegmentationMetadataKeys.Normalization] = Normalization,
            [SegmentationMetadataKeys.Method] = Method,
            [SegmentationMetadataKeys.Version] = Version,
        };
        if (TrainingSize.Count > 0) properties[SegmentationMetadataKeys.TrainingSize] = string.Join(",", TrainingSize.Select(s => s.ToString(CultureInfo.InvariantCulture)));
        if (Resize is { } resize)
        {
            if (resize != ResizePolicy.None && TrainingSize.Count == 0) throw new InvalidOperationException($"export metadata: resize policy {resize} needs a training size");
            properties[SegmentationMetadataKeys.Resize] = ResizePolicyText.Format(resize);
        }
        return properties;
    }

    /// <summary>
    /// Reads the entries back from a model's custom metadata (e.g. <see cref="ModelMetadata.CustomMetadataMap"/>).
    /// Throws <see cref="FormatException"/> naming the key when an entry is missing or malformed.
    /// </summary>
    public static OnnxModelMetadata FromProperties(IReadOnlyDictionary<string, string> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        string[] names;
        try
        {
            names = JsonSerializer.Deserialize(Get(properties, SegmentationMetadataKeys.ClassNames), MetadataJsonContext.Default.StringArray)
                ?? throw new FormatException($"metadata entry '{SegmentationMetadataKeys.ClassNames}' is null");
        }
        catch (JsonException e)
        {
            throw new FormatException($"metadata entry '{SegmentationMetadataKeys.ClassNames}' is not a JSON array of strings: {e.Message}", e);
        }
        string normalization = Get(properties, SegmentationMetadataKeys.Normalization);
        CheckNormalization(normalization);
        long[] size = [];
        if (properties.TryGetValue(SegmentationMetadataKeys.TrainingSize, out string? sizeText))
        {
            try
            {
                size = [.. sizeText.Split(',', StringSplitOptions.TrimEntries).Select(p => long.Parse(p, NumberStyles.None, CultureInfo.InvariantCulture))];
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                throw new FormatException($"metadata entry '{SegmentationMetadataKeys.TrainingSize}' is not comma-separated sizes: '{sizeText}'", e);
            }
        }
        ResizePolicy? resize = null;
        if (properties.TryGetValue(SegmentationMetadataKeys.Resize, out string? resizeText))
        {
            try
            {
                resize = ResizePolicyText.Parse(resizeText);
            }
            catch (FormatException e)
            {
                throw new FormatException($"metadata entry '{SegmentationMetadataKeys.Resize}': {e.Message}", e);
            }
        }
        return new OnnxModelMetadata
        {
            ClassNames = names,
            Normalization = normalization,
            TrainingSize = size,
            Resize = resize,
            Method = Get(properties, SegmentationMetadataKeys.Method),
            Version = Get(properties, SegmentationMetadataKeys.Version),
        };
    }

    private static void CheckNormalization(string json)
    {
        try
        {
            if (JsonNode.Parse(json) is not JsonObject node || node["kind"]?.GetValue<string>() is not { Length: > 0 })
                throw new FormatException($"metadata entry '{SegmentationMetadataKeys.Normalization}' must be a JSON object with a \"kind\": '{json}'");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new FormatException($"metadata entry '{SegmentationMetadataKeys.Normalization}' is not valid JSON: '{json}'", e);
        }
    }

    private static string Get(IReadOnlyDictionary<string, string> properties, string key) =>
        properties.TryGetValue(key, out string? value) ? value : throw new FormatException($"the model has no '{key}' metadata entry");
}
