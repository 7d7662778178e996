using System.Text.Json.Serialization;

namespace MLSegmentation.Onnx;

/// <summary>Source-generated JSON for the export metadata (trimming- and AOT-safe).</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class MetadataJsonContext : JsonSerializerContext;
