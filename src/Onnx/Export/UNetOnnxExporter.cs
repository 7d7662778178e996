using MLSegmentation.Torch.Modules;
using MLSegmentation.Trainers.Segmenters;

namespace MLSegmentation.Onnx;

/// <summary>
/// Maps the Trainers' <see cref="UNet"/> (2D or 3D, any depth, width, normalisation, activation, down- and
/// up-sampling) to ONNX: encoder stages (3×3 convolutions with batch norm folded in, or instance/group norm, and the
/// non-linearity), max-pool or strided down-sampling, transposed-convolution or resize + 1×1 up-sampling, skip
/// concatenations, the 1×1 head. Deep-supervision heads serve training only and are not exported: the graph returns
/// the full-resolution logits, as <see cref="UNet.forward"/>. Registered in <see cref="OnnxModuleExporters.Default"/>.
/// </summary>
public static class UNetOnnxExporter
{
    /// <summary>Adds <paramref name="net"/>'s logits computation from <paramref name="input"/>; returns their name.</summary>
    public static string Export(OnnxExportContext context, UNet net, string input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(net);
        UNetOptions options = net.Options;
        if (options.Dimensions != context.SpatialDims)
            throw new ArgumentException($"ONNX export: a {options.Dimensions}D U-Net cannot be exported as a {context.SpatialDims}D segmenter");
        var encoder = (ModuleList<ConvolutionStage>)net.get_submodule("encoder");
        var up = (ModuleList<Module<MLSegmentation.Torch.Tensor, MLSegmentation.Torch.Tensor>>)net.get_submodule("up");
        var decoder = (ModuleList<ConvolutionStage>)net.get_submodule("decoder");
        Module head = net.get_submodule("head");
        Module? pool = net.named_children().Any(c => c.name == "pool") ? net.get_submodule("pool") : null;

        var features = new List<string>(options.Depth + 1);
        string x = input;
        for (int s = 0; s <= options.Depth; s++)
        {
            if (s > 0 && pool is not null) x = context.Export(pool, x);
            x = context.Export(encoder[s], x);
            features.Add(x);
        }
        for (int k = 0; k < options.Depth; k++)
        {
            int stage = options.Depth - 1 - k;
            string upsampled = context.Export(up[k], x);
            x = context.Export(decoder[k], OnnxOps.Concat(context.Builder, [features[stage], upsampled]));
        }
        return context.Export(head, x);
    }

    /// <summary>A U-Net stage: its layers run as a sequence (batch norm folded into the convolution before it).</summary>
    internal static string ExportStage(OnnxExportContext context, ConvolutionStage stage, string input) =>
        context.Export(stage.get_submodule("layers"), input);
}
