using System.CommandLine;
using Microsoft.ML.OnnxRuntime;
using MLSegmentation.Onnx;

namespace MLSegmentation.Cli.Commands;

/// <summary><c>mlseg inspect</c>: an ONNX model's inputs, outputs and metadata.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "An ONNX model." };
        var command = new Command("inspect", "Print an ONNX model's inputs, outputs (names, types, dimensions) and metadata.") { model };
        command.SetAction(r => CommandErrors.Run("inspect", () =>
        {
            string path = r.GetValue(model)!;
            using var session = OnnxModelFile.Open(path);
            ModelMetadata meta = session.ModelMetadata;
            Console.WriteLine($"model:    {Path.GetFullPath(path)}");
            Console.WriteLine($"producer: {meta.ProducerName}; graph: {meta.GraphName}; version: {meta.Version}");
            Console.WriteLine("inputs:");
            foreach (string name in session.InputNames) Console.WriteLine($"  {Describe(name, session.InputMetadata[name])}");
            Console.WriteLine("outputs:");
            foreach (string name in session.OutputNames) Console.WriteLine($"  {Describe(name, session.OutputMetadata[name])}");
            if (meta.CustomMetadataMap.Count > 0)
            {
                Console.WriteLine("metadata:");
                foreach ((string key, string value) in meta.CustomMetadataMap.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                    Console.WriteLine($"  {key} = {value}");
            }
            return 0;
        }));
        return command;
    }

    private static string Describe(string name, NodeMetadata node)
    {
        if (!node.IsTensor) return $"{name}: {node.OnnxValueType}";
        var dims = node.Dimensions.Select((d, i) => d >= 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : node.SymbolicDimensions.Length > i && node.SymbolicDimensions[i].Length > 0 ? node.SymbolicDimensions[i] : "?");
        return $"{name}: {node.ElementDataType} [{string.Join(", ", dims)}]";
    }
}
