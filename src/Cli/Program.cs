using System.CommandLine;
using System.CommandLine.Help;
using MLSegmentation.Cli.Commands;

namespace MLSegmentation.Cli;

/// <summary>The <c>mlseg</c> command.</summary>
public static class Program
{
    /// <summary>Runs the command line; 0 on success, 1 on a failure reported on stderr, 2 on bad usage.</summary>
    public static int Main(string[] args)
    {
        var root = new RootCommand("MLSegmentation: train semantic-segmentation models in .NET, export them to ONNX, score images in batches.")
        {
            TrainCommand.Create(),
            EvaluateCommand.Create(),
            ExportCommand.Create(),
            ScoreCommand.Create(),
            InspectCommand.Create(),
            SyntheticCommand.Create(),
            DatasetCommand.Create(),
            ExperimentCommand.Create(),
            BenchmarkCommand.Create(),
        };
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count == 0 || parsed.Action is HelpAction) return parsed.Invoke();
        // One line per failure: the parser's messages can span lines (e.g. the list of accepted values).
        string message = string.Join(' ', parsed.Errors[0].Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        string command = parsed.CommandResult.Command == root ? "mlseg" : $"mlseg {parsed.CommandResult.Command.Name}";
        Console.Error.WriteLine($"{command}: {message} (see {command} --help)");
        return 2;
    }
}
