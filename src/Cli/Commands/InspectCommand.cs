using System.CommandLine;
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
            using var session = new InferenceSession(r.GetValue(model)!);
            ModelMetadata meta = session.ModelMetadata;
            Console.WriteLine($"model:    {session.ModelSource}");
            Console.WriteLine($"producer: {meta.ProducerName}; graph: {meta.GraphName}; version: {meta.Version}");
            Console.WriteLine("inputs:");
            foreach (string name in session.InputNames) Console.WriteLine($"  {Describe(session.InputMetadata[name])}");
            Console.WriteLine("outputs:");
            foreach (string name in session.OutputNames) Console.WriteLine($"  {Describe(session.OutputMetadata[name])}");
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

    private static string Describe(NodeMetadata node)
    {
        var dims = node.Dimensions.Select((d, i) => d >= 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : node.SymbolicDimensions.Count > i && node.SymbolicDimensions[i].Length > 0 ? node.SymbolicDimensions[i] : "?");
        return $"{node.Name}: {node.ElementDataType} [{string.Join(", ", dims)}]";
    }
}
