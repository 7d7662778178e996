using MLSegmentation.Torch.Modules;

namespace MLSegmentation.Onnx;

/// <summary>What a module exporter works with: the graph being built and the registry to export submodules with.</summary>
public sealed class OnnxExportContext
{
    /// <summary>A context over <paramref name="builder"/>, exporting modules through <paramref name="exporters"/>.</summary>
    public OnnxExportContext(OnnxGraphBuilder builder, OnnxModuleExporters exporters, int spatialDims)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(exporters);
        if (spatialDims is not (2 or 3)) throw new ArgumentOutOfRangeException(nameof(spatialDims), spatialDims, "2 (images) or 3 (volumes)");
        Builder = builder;
        Exporters = exporters;
        SpatialDims = spatialDims;
    }

    /// <summary>The graph being built.</summary>
    public OnnxGraphBuilder Builder { get; }

    /// <summary>The exporters submodules are mapped with.</summary>
    public OnnxModuleExporters Exporters { get; }

    /// <summary>2 for images, 3 for volumes.</summary>
    public int SpatialDims { get; }

    /// <summary>Exports a submodule; returns the name of its output.</summary>
    public string Export(Module module, string input) => Exporters.Export(this, module, input);

    /// <summary>
    /// Exports a convolution (plain or transposed); with <paramref name="followingBatchNorm"/> (a batch normalisation
    /// applied right after it, with running statistics) the normalisation is folded into the convolution's weight and
    /// bias. For U-Net blocks that hold conv → norm → activation as separate fields.
    /// </summary>
    public string ExportConvolution(ConvolutionBase convolution, string input, BatchNorm? followingBatchNorm = null)
    {
        ArgumentNullException.ThrowIfNull(convolution);
        BatchNormParameters? folded = followingBatchNorm is null ? null : DefaultModuleExporters.EvalParameters(followingBatchNorm);
        return convolution switch
        {
            Conv2d or Conv3d => OnnxOps.Conv(Builder, input, convolution.weight, convolution.bias, convolution.stride, convolution.padding,
                convolution.dilation, convolution.groups, folded),
            ConvTranspose2d or ConvTranspose3d => OnnxOps.ConvTranspose(Builder, input, convolution.weight, convolution.bias, convolution.stride,
                convolution.padding, convolution.output_padding, convolution.groups, convolution.dilation, folded),
            _ => throw new NotSupportedException($"ONNX export: unknown convolution type {convolution.GetType().Name}"),
        };
    }

    /// <summary>True when <paramref name="batchNorm"/> can be folded into the convolution before it (it has running statistics).</summary>
    public static bool CanFold(Module? batchNorm) => batchNorm is BatchNorm { running_mean: not null, running_var: not null };
}
