using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MLSegmentation.Transforms;

/// <summary>
/// How raw image values (as files store them) become model input, the one definition that training
/// (<see cref="NormalizeIntensity"/>), the exported model's <c>mlseg.normalization</c> metadata and every scorer use, so
/// that a model sees at scoring time exactly the values it was trained on. Immutable.
/// </summary>
public sealed class InputNormalization
{
    private readonly float[] _mean;
    private readonly float[] _std;

    private InputNormalization(NormalizationKind kind, float[] mean, float[] std, double factor)
    {
        Kind = kind;
        _mean = mean;
        _std = std;
        Factor = factor;
    }

    /// <summary>No normalisation: values are fed as stored.</summary>
    public static InputNormalization None { get; } = new(NormalizationKind.None, [], [], 1);

    /// <summary>Per image and channel z-score: (x − mean) / std with the image's own statistics (std floored at 1e-8).</summary>
    public static InputNormalization ZScore { get; } = new(NormalizationKind.ZScore, [], [], 1);

    /// <summary>The kind.</summary>
    public NormalizationKind Kind { get; }

    /// <summary>Per-channel means of <see cref="NormalizationKind.Fixed"/>; empty otherwise.</summary>
    public IReadOnlyList<float> Mean => _mean;

    /// <summary>Per-channel standard deviations of <see cref="NormalizationKind.Fixed"/>; empty otherwise.</summary>
    public IReadOnlyList<float> Std => _std;

    /// <summary>The factor of <see cref="NormalizationKind.Scale"/>; 1 otherwise.</summary>
    public double Factor { get; }

    /// <summary>Fixed per-channel normalisation (x − mean[c]) / std[c].</summary>
    /// <param name="mean">One mean per channel.</param>
    /// <param name="std">One positive standard deviation per channel.</param>
    /// <returns>The normalisation.</returns>
    public static InputNormalization Fixed(IReadOnlyList<float> mean, IReadOnlyList<float> std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Count == 0 || mean.Count != std.Count)
        {
            throw new ArgumentException($"Fixed normalisation needs one mean and one std per channel (got {mean.Count} and {std.Count}).", nameof(std));
        }
        foreach (var s in std)
        {
            if (!(s > 0) || float.IsInfinity(s))
            {
                throw new ArgumentException($"Standard deviations must be positive and finite: [{string.Join(", ", std)}].", nameof(std));
            }
        }
        return new InputNormalization(NormalizationKind.Fixed, [.. mean], [.. std], 1);
    }

    /// <summary>Scaling x · <paramref name="factor"/>, e.g. 1/255.</summary>
    /// <param name="factor">A finite, non-zero factor.</param>
    /// <returns>The normalisation.</returns>
    public static InputNormalization Scale(double factor)
    {
        if (factor == 0 || !double.IsFinite(factor))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The scale factor must be finite and non-zero.");
        }
        return new InputNormalization(NormalizationKind.Scale, [], [], factor);
    }

    /// <summary>Parses the JSON form of the <c>mlseg.normalization</c> metadata.</summary>
    /// <param name="json">E.g. <c>{"kind":"zscore"}</c>, <c>{"kind":"fixed","mean":[0.5],"std":[0.25]}</c>, <c>{"kind":"scale","factor":0.5}</c>, <c>{"kind":"none"}</c>.</param>
    /// <returns>The normalisation.</returns>
    /// <exception cref="FormatException">The text is not one of these forms.</exception>
    public static InputNormalization Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            var node = JsonNode.Parse(json) as JsonObject ?? throw new FormatException("expected a JSON object");
            var kind = (node["kind"]?.GetValue<string>() ?? throw new FormatException("\"kind\" is missing")).ToUpperInvariant();
            return kind switch
            {
                "NONE" => None,
                "ZSCORE" => ZScore,
                "FIXED" => Fixed(ReadFloats(node, "mean"), ReadFloats(node, "std")),
                "SCALE" => Scale(node["factor"]?.GetValue<double>() ?? throw new FormatException("\"factor\" is missing")),
                _ => throw new FormatException($"unknown kind '{node["kind"]}' (expected none, zscore, fixed or scale)"),
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException or FormatException)
        {
            throw new FormatException($"Bad normalisation '{json}': {e.Message}", e);
        }
    }

    /// <summary>
    /// Parses the short text form of the command line, or the JSON form of <see cref="Parse"/> (text starting with
    /// <c>{</c>): <c>none</c>, <c>zscore</c>, <c>scale:F</c> (F a number or a fraction such as <c>1/255</c>), or
    /// <c>fixed:M1,M2,../S1,S2,..</c> (one mean and one standard deviation per channel). Values apply to stored pixel
    /// values (0–255 for 8-bit images).
    /// </summary>
    /// <param name="text">The text, case-insensitive.</param>
    /// <returns>The normalisation.</returns>
    /// <exception cref="FormatException">The text is none of these forms.</exception>
    public static InputNormalization ParseText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.StartsWith('{'))
        {
            return Parse(trimmed);
        }
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        var kind = (colon < 0 ? trimmed : trimmed[..colon]).ToUpperInvariant();
        var value = colon < 0 ? null : trimmed[(colon + 1)..];
        try
        {
            return (kind, value) switch
            {
                ("NONE", null) => None,
                ("ZSCORE", null) => ZScore,
                ("SCALE", string f) => Scale(ParseNumber(f)),
                ("FIXED", string v) when v.Split('/') is [var mean, var std] => Fixed(ParseList(mean), ParseList(std)),
                _ => throw new FormatException("expected none, zscore, scale:F (e.g. scale:1/255) or fixed:M1,M2,../S1,S2,.."),
            };
        }
        catch (ArgumentException e)
        {
            throw new FormatException(e.Message, e);
        }
    }

    /// <summary>The JSON form (see <see cref="Parse"/>), as the exporter writes it.</summary>
    /// <returns>A compact JSON object.</returns>
    public string ToJson()
    {
        var node = new JsonObject { ["kind"] = Kind.ToString().ToLowerInvariant() };
        if (Kind == NormalizationKind.Fixed)
        {
            node["mean"] = new JsonArray([.. _mean.Select(v => (JsonNode)v)]);
            node["std"] = new JsonArray([.. _std.Select(v => (JsonNode)v)]);
        }
        else if (Kind == NormalizationKind.Scale)
        {
            node["factor"] = Factor;
        }
        return node.ToJsonString();
    }

    /// <inheritdoc />
    public override string ToString() => ToJson();

    /// <summary>
    /// Writes the normalised values of <paramref name="source"/> ([channels, plane], x fastest) into
    /// <paramref name="destination"/> of the same length (it may be the same memory). Statistics are computed in double precision, two passes.
    /// </summary>
    /// <exception cref="InvalidOperationException">A fixed normalisation has another channel count.</exception>
    public void Apply(ReadOnlySpan<float> source, Span<float> destination, int channels)
    {
        var plane = source.Length / channels;
        if (Kind == NormalizationKind.Fixed && _mean.Length != channels)
        {
            throw new InvalidOperationException($"The fixed normalisation has {_mean.Length} channel(s) but the image has {channels}.");
        }
        for (var c = 0; c < channels; c++)
        {
            var src = source.Slice(c * plane, plane);
            var dst = destination.Slice(c * plane, plane);
            switch (Kind)
            {
                case NormalizationKind.None:
                    src.CopyTo(dst);
                    break;
                case NormalizationKind.Scale:
                    Affine(src, dst, 0, Factor);
                    break;
                case NormalizationKind.Fixed:
                    Affine(src, dst, _mean[c], 1.0 / _std[c]);
                    break;
                default:
                    double sum = 0;
                    foreach (var v in src)
                    {
                        sum += v;
                    }
                    var mean = sum / plane;
                    double squares = 0;
                    foreach (var v in src)
                    {
                        var d = v - mean;
                        squares += d * d;
                    }
                    var std = Math.Max(Math.Sqrt(squares / plane), 1e-8);
                    Affine(src, dst, mean, 1.0 / std);
                    break;
            }
        }
    }

    private static void Affine(ReadOnlySpan<float> src, Span<float> dst, double offset, double scale)
    {
        for (var i = 0; i < src.Length; i++)
        {
            dst[i] = (float)((src[i] - offset) * scale);
        }
    }

    private static double ParseNumber(string text)
    {
        var parts = text.Split('/');
        var values = parts.Select(p => double.TryParse(p.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
            : throw new FormatException($"'{text}' is not a number or a fraction")).ToArray();
        return values.Length switch
        {
            1 => values[0],
            2 => values[0] / values[1],
            _ => throw new FormatException($"'{text}' is not a number or a fraction"),
        };
    }

    private static float[] ParseList(string text) =>
        [.. text.Split(',').Select(p => float.TryParse(p.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
            : throw new FormatException($"'{text}' is not a comma-separated list of numbers"))];

    private static float[] ReadFloats(JsonObject node, string name)
    {
        var array = node[name] as JsonArray ?? throw new FormatException($"\"{name}\" must be an array of numbers");
        return [.. array.Select(v => v?.GetValue<float>() ?? throw new FormatException($"\"{name}\" holds a null"))];
    }

}
