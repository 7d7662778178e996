using System.CommandLine;
using MLSegmentation.Trainers.Methods;

namespace MLSegmentation.Cli;

/// <summary>The command-line options that start any method from a contrastive-pretrained encoder, for the commands that train.</summary>
internal sealed class EncoderOptions
{
    private readonly Option<string?> _pretrained = new("--pretrained-encoder")
    {
        Description = $"Start the segmenter's encoder from this encoder checkpoint, under any method: RUN/checkpoints/{SemanticContrastiveTrainer.EncoderName} "
            + "of an mlseg train --method contrastive run (same --depth and --width). mlseg experiment starts every run from it, the baseline's too.",
    };

    private readonly Option<bool> _freeze = new("--freeze-encoder") { Description = "With --pretrained-encoder: keep the encoder's weights fixed." };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_pretrained);
        command.Options.Add(_freeze);
    }

    /// <summary><paramref name="settings"/> with the encoder options given on the command line (the path made absolute).</summary>
    public TrainSettings Apply(ParseResult r, TrainSettings settings) => settings with
    {
        PretrainedEncoder = r.GetValue(_pretrained) is string path ? Path.GetFullPath(path) : null,
        FreezeEncoder = r.GetValue(_freeze),
    };
}
