using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MLSegmentation.Transforms;

namespace MLSegmentation.Trainers.Estimators;

/// <summary>
/// The deterministic part of a pipeline, applied to every image at training and at inference: intensity
/// normalisation, then resizing to the model's input size. Saved with the model and written into its
/// ONNX metadata (<c>mlseg.normalization</c>, <c>mlseg.training_size</c>) so that any scorer repeats it.
/// </summary>
public sealed record Preprocessing
{
    /// <summary>The model's input size (H, W) or (D, H, W); null keeps each image's size.</summary>
    public IReadOnlyList<int>? Size { get; init; }

    /// <summary>How images reach <see cref="Size"/>.</summary>
    public ResizeMode ResizeMode { get; init; } = ResizeMode.Stretch;

    /// <summary>The intensity normalisation.</summary>
    public IntensityNormalization Normalization { get; init; }

    /// <summary>Per-channel means for <see cref="IntensityNormalization.Fixed"/>.</summary>
    public IReadOnlyList<double>? Mean { get; init; }

    /// <summary>Per-channel standard deviations for <see cref="IntensityNormalization.Fixed"/>.</summary>
    public IReadOnlyList<double>? Std { get; init; }

    /// <summary>The factor for <see cref="IntensityNormalization.Scale"/>.</summary>
    public double ScaleFactor { get; init; } = 1;

    /// <summary>The sample transforms that carry it out for images of <paramref name="channels"/> channels, normalisation first.</summary>
    public IReadOnlyList<ISampleTransform> ToTransforms(int channels)
    {
        var transforms = new List<ISampleTransform>();
        switch (Normalization)
        {
            case IntensityNormalization.ZScore:
                transforms.Add(new ZScoreNormalization());
                break;
            case IntensityNormalization.Fixed:
                transforms.Add(new FixedNormalization(Mean ?? throw new InvalidOperationException("fixed normalisation needs Mean"),
                    Std ?? throw new InvalidOperationException("fixed normalisation needs Std")));
                break;
            case IntensityNormalization.Scale:
                transforms.Add(new FixedNormalization(new double[channels], Enumerable.Repeat(1 / ScaleFactor, channels).ToArray()));
                break;
        }
        if (Size is not null) transforms.Add(new Resize(Size, ResizeMode));
        return transforms;
    }

    /// <summary>The normalisation as the scorer's <c>mlseg.normalization</c> metadata JSON.</summary>
    public string NormalizationJson() => Normalization switch
    {
        IntensityNormalization.ZScore => """{"kind":"zscore"}""",
        IntensityNormalization.Fixed => new JsonObject
        {
            ["kind"] = "fixed",
            ["mean"] = new JsonArray(Mean!.Select(v => (JsonNode)JsonValue.Create(v)).ToArray()),
            ["std"] = new JsonArray(Std!.Select(v => (JsonNode)JsonValue.Create(v)).ToArray()),
        }.ToJsonString(),
        IntensityNormalization.Scale => string.Create(CultureInfo.InvariantCulture, $$"""{"kind":"scale","factor":{{ScaleFactor:R}}}"""),
        _ => """{"kind":"none"}""",
    };

    /// <summary>Serialises to JSON (saved with the model).</summary>
    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>Reads what <see cref="ToJson"/> wrote.</summary>
    public static Preprocessing FromJson(string json) =>
        JsonSerializer.Deserialize<Preprocessing>(json) ?? throw new InvalidDataException("empty preprocessing description");
}
