using MLSegmentation.Torch;
using MLSegmentation.Torch.Modules;

namespace MLSegmentation.Onnx;

public static partial class SegmenterOnnxExporter
{
    /// <summary>
    /// The graph of an engine module returning logits (eval-mode semantics: batch norm with running statistics,
    /// dropout off), mapped layer by layer through <paramref name="exporters"/> (default:
    /// <see cref="OnnxModuleExporters.Default"/>).
    /// </summary>
    public static OnnxGraphBuilder Build(Module<Tensor, Tensor> network, SegmenterExportOptions options, OnnxModuleExporters? exporters = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        OnnxModuleExporters registry = exporters ?? OnnxModuleExporters.Default;
        return Build(options, (builder, image) => registry.Export(new OnnxExportContext(builder, registry, options.SpatialDims), network, image));
    }

    /// <summary>Exports an engine module to <paramref name="path"/> (written to a temporary file, then renamed).</summary>
    public static void Export(Module<Tensor, Tensor> network, string path, SegmenterExportOptions options, OnnxModuleExporters? exporters = null) =>
        Build(network, options, exporters).Save(path);
}
