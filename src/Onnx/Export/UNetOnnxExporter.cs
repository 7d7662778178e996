using MLSegmentation.Networks;

namespace MLSegmentation.Onnx;

/// <summary>
/// Maps a U-Net described by <see cref="UNetOptions"/> (2D or 3D, any depth, width, normalisation, activation, down- and
/// up-sampling, isotropic or per-axis down-sampling factors) and its weights to ONNX: encoder stages (3×3 convolutions with batch norm folded in, or instance/group
/// norm, and the non-linearity), max-pool or strided down-sampling, transposed-convolution or resize + 1×1 up-sampling,
/// skip concatenations, the 1×1 head. Deep-supervision heads serve training only and are not exported: the graph
/// returns the full-resolution logits. Like the trainers' network, the graph takes any spatial size: it zero-pads the
/// end of each axis to a multiple of <see cref="UNetOptions.SizeMultiples"/> and crops the logits back.
/// </summary>
/// <remarks>
/// Weights are looked up by their PyTorch state-dict names, the names the trainers' U-Net registers:
/// <c>encoder.{s}.layers.{3k}.weight</c> (convolution k of stage s; no bias), <c>encoder.{s}.layers.{3k+1}.weight|bias</c>
/// (its normalisation, with <c>running_mean</c>/<c>running_var</c> for batch norm), likewise <c>decoder.{k}…</c>;
/// <c>up.{k}.weight|bias</c> (transposed convolution) or <c>up.{k}.1.weight</c> (the 1×1 convolution after resizing);
/// <c>head.weight|bias</c>.
/// </remarks>
public static class UNetOnnxExporter
{
    private const double NormEps = 1e-5;
    private const double LeakySlope = 0.01;

    /// <summary>Adds the logits computation of the network from the value <paramref name="input"/>; returns their name.</summary>
    /// <exception cref="ArgumentException">The options are invalid, or a weight is missing or has the wrong shape; the message names it.</exception>
    public static string Export(OnnxGraphBuilder builder, UNetOptions options, IReadOnlyDictionary<string, WeightArray> weights, string input)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(weights);
        options.Validate();
        var graph = new Graph(builder, options, weights);
        bool strided = options.Downsampling == Downsampling.StridedConvolution;
        var features = new List<string>(options.Depth + 1);
        long[] unit = [.. Enumerable.Repeat(1L, options.Dimensions)];
        (string x, string spatialShape) = OnnxOps.PadSpatialToMultiple(builder, input, options.SizeMultiples);
        for (int s = 0; s <= options.Depth; s++)
        {
            if (s > 0 && !strided) x = OnnxOps.MaxPool(builder, x, options.Factors(s));
            x = graph.Stage($"encoder.{s}", x, firstStride: s > 0 && strided ? options.Factors(s) : unit);
            features.Add(x);
        }
        for (int k = 0; k < options.Depth; k++)
        {
            int stage = options.Depth - 1 - k;
            long[] factors = options.Factors(stage + 1);
            string upsampled = options.Upsampling == Upsampling.TransposedConvolution
                ? OnnxOps.ConvTranspose(builder, x, graph.Weight($"up.{k}.weight"), graph.Vector($"up.{k}.bias"), factors, new long[factors.Length], new long[factors.Length], 1, unit)
                : OnnxOps.Conv(builder, OnnxOps.Resize(builder, x, [.. factors.Select(f => (double)f)]), graph.Weight($"up.{k}.1.weight"));
            x = graph.Stage($"decoder.{k}", OnnxOps.Concat(builder, [features[stage], upsampled]), firstStride: unit);
        }
        return OnnxOps.CropSpatial(builder, OnnxOps.Conv(builder, x, graph.Weight("head.weight"), graph.Vector("head.bias")), spatialShape, options.Dimensions);
    }

    private sealed class Graph(OnnxGraphBuilder builder, UNetOptions options, IReadOnlyDictionary<string, WeightArray> weights)
    {
        public WeightArray Weight(string name) =>
            weights.TryGetValue(name, out WeightArray? w) ? w
                : throw new ArgumentException($"ONNX export: the U-Net's weights lack '{name}' (expected for {Describe(options)})");

        public float[] Vector(string name)
        {
            WeightArray w = Weight(name);
            if (w.Shape.Length != 1) throw new ArgumentException($"ONNX export: '{name}' has shape [{string.Join(", ", w.Shape)}], expected a vector");
            return w.Data;
        }

        public string Stage(string prefix, string x, long[] firstStride)
        {
            long[] unit = [.. Enumerable.Repeat(1L, options.Dimensions)], padding = [.. Enumerable.Repeat(1L, options.Dimensions)];
            for (int k = 0; k < options.ConvolutionsPerStage; k++)
            {
                string conv = $"{prefix}.layers.{3 * k}", norm = $"{prefix}.layers.{3 * k + 1}";
                long[] stride = k == 0 ? firstStride : unit;
                WeightArray weight = Weight($"{conv}.weight");
                x = options.Normalization switch
                {
                    Normalization.Batch => OnnxOps.Conv(builder, x, weight, null, stride, padding, unit,
                        foldedBatchNorm: new BatchNormParameters(Vector($"{norm}.running_mean"), Vector($"{norm}.running_var"), Vector($"{norm}.weight"), Vector($"{norm}.bias"), NormEps)),
                    Normalization.Instance => OnnxOps.InstanceNorm(builder, OnnxOps.Conv(builder, x, weight, null, stride, padding, unit),
                        weight.Shape[0], Vector($"{norm}.weight"), Vector($"{norm}.bias"), NormEps),
                    _ => OnnxOps.GroupNorm(builder, OnnxOps.Conv(builder, x, weight, null, stride, padding, unit),
                        options.Groups, weight.Shape[0], options.Dimensions, Vector($"{norm}.weight"), Vector($"{norm}.bias"), NormEps),
                };
                x = options.Activation == Activation.ReLU ? OnnxOps.Relu(builder, x) : OnnxOps.LeakyRelu(builder, x, LeakySlope);
            }
            return x;
        }

        private static string Describe(UNetOptions o) =>
            $"a {o.Dimensions}D U-Net of depth {o.Depth}, {o.Normalization} normalisation, {o.Downsampling} down-sampling"
            + (o.DownsamplingFactors is { } f ? $" by [{string.Join(", ", f.Select(step => $"[{string.Join(", ", step)}]"))}]" : "")
            + $", {o.Upsampling} up-sampling";
    }
}
