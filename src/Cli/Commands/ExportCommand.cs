using System.CommandLine;
using System.Globalization;
using MLSegmentation.Onnx;
using MLSegmentation.Trainers.Estimators;

namespace MLSegmentation.Cli.Commands;

/// <summary><c>mlseg export</c>: a trained model to ONNX, checked against the engine.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A model.mlseg written by mlseg train." };
        var output = new Option<string>("--out") { Description = "The ONNX file to write (default: next to the model, .onnx).", };
        var tolerance = new Option<double>("--tolerance") { Description = "Largest allowed difference between ONNX Runtime's and the engine's probabilities.", DefaultValueFactory = _ => 1e-4 };
        var command = new Command("export", "Export a trained model to ONNX (opset 17, dynamic batch and size, metadata for scorers) and check ONNX Runtime's output against the engine's.")
        {
            model, output, tolerance,
        };
        command.SetAction(r => CommandErrors.Run("export", () =>
        {
            string path = r.GetValue(model)!;
            if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such model file");
            string onnx = r.GetValue(output) ?? Path.ChangeExtension(path, ".onnx");
            using SegmentationModel loaded = SegmentationModel.Load(path);
            loaded.ExportToOnnx(onnx);
            double difference = loaded.CompareWithEngine(onnx);
            if (difference > r.GetValue(tolerance))
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{onnx}: ONNX Runtime's probabilities differ from the engine's by {difference:G3} (tolerance {r.GetValue(tolerance):G3})"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"exported {Path.GetFullPath(onnx)} (ONNX Runtime vs engine: max difference {difference:G3})"));
            return 0;
        }));
        return command;
    }
}
