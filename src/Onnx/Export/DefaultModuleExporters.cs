using MLSegmentation.Torch.Modules;

namespace MLSegmentation.Onnx;

/// <summary>The exporters of the engine's own layers (see <see cref="OnnxModuleExporters.Default"/>).</summary>
internal static class DefaultModuleExporters
{
    public static OnnxModuleExporters Create()
    {
        var exporters = new OnnxModuleExporters();
        exporters.Register<ConvolutionBase>((c, m, x) => c.ExportConvolution(m, x));
        exporters.Register<BatchNorm>((c, m, x) => OnnxOps.BatchNorm(c.Builder, x, EvalParameters(m)));
        exporters.Register<InstanceNorm>(InstanceNorm);
        exporters.Register<GroupNorm>((c, m, x) => OnnxOps.GroupNorm(c.Builder, x, m.num_groups, m.num_channels, c.SpatialDims, m.weight, m.bias, m.eps));
        exporters.Register<ReLU>((c, _, x) => OnnxOps.Relu(c.Builder, x));
        exporters.Register<LeakyReLU>((c, m, x) => OnnxOps.LeakyRelu(c.Builder, x, m.negative_slope));
        exporters.Register<Sigmoid>((c, _, x) => OnnxOps.Sigmoid(c.Builder, x));
        exporters.Register<MaxPool2d>((c, m, x) => OnnxOps.MaxPool(c.Builder, x, 2, m.kernel_size, m.stride, m.padding));
        exporters.Register<MaxPool3d>((c, m, x) => OnnxOps.MaxPool(c.Builder, x, 3, m.kernel_size, m.stride, m.padding));
        exporters.Register<AvgPool2d>((c, m, x) => OnnxOps.AvgPool(c.Builder, x, 2, m.kernel_size, m.stride, m.padding));
        exporters.Register<AvgPool3d>((c, m, x) => OnnxOps.AvgPool(c.Builder, x, 3, m.kernel_size, m.stride, m.padding));
        exporters.Register<Upsample>(Upsample);
        exporters.Register<Dropout>((_, _, x) => x);
        exporters.Register<Identity>((_, _, x) => x);
        exporters.Register<Sequential>(Sequential);
        exporters.Register<Trainers.Segmenters.ConvolutionStage>(UNetOnnxExporter.ExportStage);
        exporters.Register<Trainers.Segmenters.UNet>(UNetOnnxExporter.Export);
        return exporters;
    }

    /// <summary>The evaluation-mode statistics of a batch norm; without running statistics it normalises with batch statistics even in evaluation, which a fixed graph cannot fold.</summary>
    internal static BatchNormParameters EvalParameters(NormBase norm)
    {
        if (norm.running_mean is null || norm.running_var is null)
        {
            throw new NotSupportedException(
                $"ONNX export: {norm.GetName()} keeps no running statistics (track_running_stats: false), so evaluation normalises with batch statistics; export needs running statistics");
        }
        return new BatchNormParameters(norm.running_mean, norm.running_var, norm.weight, norm.bias, norm.eps);
    }

    private static string InstanceNorm(OnnxExportContext context, InstanceNorm norm, string input) =>
        // With running statistics, evaluation normalises with them (a fixed per-channel affine map, as batch norm).
        norm.track_running_stats && norm.running_mean is not null
            ? OnnxOps.BatchNorm(context.Builder, input, EvalParameters(norm))
            : OnnxOps.InstanceNorm(context.Builder, input, norm.num_features, norm.weight, norm.bias, norm.eps);

    private static string Upsample(OnnxExportContext context, Upsample upsample, string input) =>
        upsample.size is { } size
            ? OnnxOps.Resize(context.Builder, input, [.. size], upsample.mode, upsample.align_corners)
            : OnnxOps.Resize(context.Builder, input, context.SpatialDims, upsample.scale_factor!.Value, upsample.mode, upsample.align_corners);

    private static string Sequential(OnnxExportContext context, Sequential sequence, string input)
    {
        string current = input;
        for (int i = 0; i < sequence.Count; i++)
        {
            Module layer = sequence[i];
            if (layer is ConvolutionBase convolution && i + 1 < sequence.Count && OnnxExportContext.CanFold(sequence[i + 1]))
            {
                current = context.ExportConvolution(convolution, current, (BatchNorm)sequence[i + 1]);
                i++;
                continue;
            }
            current = context.Export(layer, current);
        }
        return current;
    }
}
