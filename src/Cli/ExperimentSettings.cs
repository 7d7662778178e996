using System.Text.Json;
using System.Text.Json.Serialization;
using MLSegmentation.Transforms;

namespace MLSegmentation.Cli;

/// <summary>
/// What an <c>mlseg experiment</c> folder holds runs of: the settings every run shares (its seed and method aside),
/// the seed of the train/validation split (the same for every run), without <c>--data</c> the synthetic task it
/// generated, the held-out dataset of <c>--validation-data</c> when runs are evaluated on one instead of a split, and
/// what the method is compared against (<see cref="ExperimentVariant"/>'s spec). Written to the folder's <c>settings.json</c>.
/// </summary>
internal sealed record ExperimentSettings(
    TrainSettings Runs, long SplitSeed, SyntheticTask? SyntheticTask, SyntheticOptions? Synthetic, int? SyntheticCount, string? ValidationData,
    string Against)
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    /// <summary>Writes <paramref name="path"/>, or checks that it holds these settings: continuing a folder with other settings would mix budgets.</summary>
    public void WriteOrCheck(string path)
    {
        string json = ToJson();
        if (File.Exists(path) && File.ReadAllText(path) != json)
            throw new ArgumentException($"{path}: this folder holds an experiment with other settings; use another --out, or the options it was started with");
        RunFolder.WriteText(path, json);
    }
}
