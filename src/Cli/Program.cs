using System.CommandLine;
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
            ExperimentCommand.Create(),
        };
        return root.Parse(args).Invoke();
    }
}
