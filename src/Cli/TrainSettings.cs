using MLSegmentation.Networks;
using System.Text.Json;
using System.Text.Json.Serialization;
using MLSegmentation.Trainers.Estimators;
using MLSegmentation.Trainers.Methods;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Cli;

/// <summary>Everything <c>mlseg train</c> was asked, written to the run folder's <c>config.json</c> so that <c>--resume</c> repeats it.</summary>
internal sealed record TrainSettings
{
    public required string Data { get; init; }
    public DatasetLayout Layout { get; init; }
    public double ValidationFraction { get; init; } = 0.2;
    public string Method { get; init; } = "baseline";
    public int[]? Size { get; init; }
    public IntensityNormalization Normalization { get; init; } = IntensityNormalization.ZScore;
    public bool Augment { get; init; } = true;
    public UNetOptions Network { get; init; } = new();
    public TrainerOptions Training { get; init; } = new();
    public string Device { get; init; } = "auto";
    public int Workers { get; init; } = Environment.ProcessorCount;
    public bool SkipBadSamples { get; init; }
    public CoLabOptions CoLab { get; init; } = new();
    public MaskSupOptions MaskSup { get; init; } = new();
    public SemanticContrastiveOptions Contrastive { get; init; } = new();
    public string? PretrainedEncoder { get; init; }
    public bool FreezeEncoder { get; init; }

    /// <summary>The supervised loss; null (run folders of before <c>--loss</c>) is the method's own, <see cref="MethodTrainers.Loss(string)"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SupervisedLoss? Loss { get; init; }

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    public static TrainSettings Read(string path) =>
        JsonSerializer.Deserialize<TrainSettings>(File.ReadAllText(path), s_json) ?? throw new InvalidDataException($"{path}: empty run configuration");
}
