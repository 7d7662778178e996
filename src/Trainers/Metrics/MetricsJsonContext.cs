using System.Text.Json.Serialization;

namespace MLSegmentation.Trainers.Metrics;

/// <summary>Source-generated JSON for metric reports: camelCase, indented, ±∞ and NaN as named literals.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(MetricsReport))]
internal sealed partial class MetricsJsonContext : JsonSerializerContext;
