using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLSegmentation.Trainers.Metrics;

/// <summary>
/// Source-generated JSON for metric reports: camelCase, indented; an undefined value (NaN) is written as
/// <c>null</c> (<see cref="FiniteOrNullConverter"/>), so a report never holds <c>NaN</c> or <c>Infinity</c>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    Converters = [typeof(FiniteOrNullConverter)])]
[JsonSerializable(typeof(MetricsReport))]
internal sealed partial class MetricsJsonContext : JsonSerializerContext;

/// <summary>
/// Writes a finite double as a number and any other (NaN, ±∞) as <c>null</c>; reads <c>null</c> back as NaN.
/// Also reads the named literals <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c> of reports written before
/// this convention, so older <c>evaluation.json</c> files still load.
/// </summary>
internal sealed class FiniteOrNullConverter : JsonConverter<double>
{
    public override bool HandleNull => true;

    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => double.NaN,
        JsonTokenType.Number => reader.GetDouble(),
        JsonTokenType.String => reader.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            string other => throw new JsonException($"\"{other}\" is not a number."),
            null => double.NaN,
        },
        _ => throw new JsonException($"A number or null was expected, not {reader.TokenType}."),
    };

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
