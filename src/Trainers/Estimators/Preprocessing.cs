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

    /// <summary>The normalisation as the one type training, the exported metadata and the scorers share.</summary>
    /// <exception cref="InvalidOperationException">Fixed normalisation without <see cref="Mean"/> and <see cref="Std"/>.</exception>
    public InputNormalization ToInputNormalization() => Normalization switch
    {
        IntensityNormalization.ZScore => InputNormalization.ZScore,
        IntensityNormalization.Fixed => InputNormalization.Fixed(
            [.. (Mean ?? throw new InvalidOperationException("fixed normalisation needs Mean")).Select(v => (float)v)],
            [.. (Std ?? throw new InvalidOperationException("fixed normalisation needs Std")).Select(v => (float)v)]),
        IntensityNormalization.Scale => InputNormalization.Scale(ScaleFactor),
        _ => InputNormalization.None,
    };

    /// <summary>The sample transforms that carry it out: normalisation first, then the resize to <see cref="Size"/>.</summary>
    public IReadOnlyList<ISampleTransform> ToTransforms()
    {
        var transforms = new List<ISampleTransform>();
        if (Normalization != IntensityNormalization.None) transforms.Add(new NormalizeIntensity(ToInputNormalization()));
        if (Size is not null) transforms.Add(new Resize(Size, ResizeMode));
        return transforms;
    }

    /// <summary>Serialises to JSON (saved with the model).</summary>
    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>Reads what <see cref="ToJson"/> wrote.</summary>
    public static Preprocessing FromJson(string json) =>
        JsonSerializer.Deserialize<Preprocessing>(json) ?? throw new InvalidDataException("empty preprocessing description");
}
