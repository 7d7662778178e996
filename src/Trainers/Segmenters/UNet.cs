using MLSegmentation.Networks;
using MLSegmentation.Onnx;
using MLSegmentation.Trainers.Engine;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLSegmentation.Trainers.Segmenters;

/// <summary>
/// U-Net (Ronneberger et al. 2015) in 2D or 3D, configured by <see cref="UNetOptions"/>: an encoder of
/// <c>Depth + 1</c> stages joined by down-sampling, a decoder that up-samples and concatenates the
/// encoder's features of the same resolution, and a 1×1 head giving one logit per class.
/// Down-sampling halves every axis or, with <see cref="UNetOptions.DownsamplingFactors"/>, only some (anisotropic pooling).
/// Convolutions are He-initialised. Inputs of any spatial size are accepted: a size that is not a multiple of
/// <see cref="UNetOptions.SizeMultiples"/> is zero-padded at its end to the next multiple and every output is cropped
/// back to the input's extent at its resolution (<c>ceil(size / scale)</c> at a stage of that scale), as the exported graph does. Built from the project's layers
/// (<see cref="Convolution"/>, <see cref="BatchNormalization"/>, …) over TorchSharp's functional operators, so that
/// <see cref="ParameterSubstitution"/> can run it with other weights; its state-dict names and parameter count are
/// those of the same network in PyTorch (<c>encoder.{s}.layers.{i}.weight</c>, <c>up.{k}.weight</c>, <c>head.bias</c>, …).
/// </summary>
public sealed class UNet : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<ConvolutionStage> _encoder;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> _up;
    private readonly ModuleList<ConvolutionStage> _decoder;
    private readonly Convolution _head;
    private readonly ModuleList<Convolution>? _deepHeads;

    /// <summary>Builds the network; parameters are drawn from the global generator (seed it first for reproducibility).</summary>
    public UNet(UNetOptions options) : base(nameof(UNet))
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        bool strided = options.Downsampling == Downsampling.StridedConvolution;

        _encoder = new ModuleList<ConvolutionStage>();
        for (int s = 0; s <= options.Depth; s++)
        {
            int cin = s == 0 ? options.InputChannels : options.Width(s - 1);
            _encoder.Add(new ConvolutionStage(options, cin, options.Width(s), firstStride: s > 0 && strided ? options.Factors(s) : Unit(options)));
        }
        register_module("encoder", _encoder);

        _up = new ModuleList<nn.Module<Tensor, Tensor>>();
        _decoder = new ModuleList<ConvolutionStage>();
        for (int s = options.Depth - 1; s >= 0; s--)
        {
            int cin = options.Width(s + 1), cout = options.Width(s);
            long[] factors = options.Factors(s + 1);
            _up.Add(options.Upsampling == Upsampling.TransposedConvolution
                ? new TransposedConvolution(options.Dimensions, cin, cout, kernelSize: factors, stride: factors)
                : nn.Sequential(Layers.Upsample(factors), Layers.Convolution(options, cin, cout, kernelSize: 1, stride: 1, padding: 0, bias: false)));
            _decoder.Add(new ConvolutionStage(options, 2 * cout, cout, firstStride: Unit(options)));
        }
        register_module("up", _up);
        register_module("decoder", _decoder);

        _head = Layers.Convolution(options, options.Width(0), options.Classes, kernelSize: 1, stride: 1, padding: 0, bias: true);
        register_module("head", _head);
        if (options.DeepSupervision)
        {
            _deepHeads = new ModuleList<Convolution>();
            for (int s = 1; s < options.Depth; s++)
                _deepHeads.Add(Layers.Convolution(options, options.Width(s), options.Classes, kernelSize: 1, stride: 1, padding: 0, bias: true));
            register_module("deep_heads", _deepHeads);
        }
        InitializeHe();
    }

    /// <summary>The configuration the network was built with.</summary>
    public UNetOptions Options { get; }

    /// <summary>Full-resolution logits [N, Classes, spatial…], of the input's spatial size.</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        CheckInput(input);
        return CropTo(Decode(EncodePadded(Pad(input)), deep: false)[0], input.shape, Options.Scale(0)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Logits at full resolution and, with <see cref="UNetOptions.DeepSupervision"/>, at the resolution of each decoder stage
    /// above the bottleneck (1/2, 1/4, … by default; see <see cref="UNetOptions.Scale"/>), highest resolution first.
    /// </summary>
    public IReadOnlyList<Tensor> ForwardDeep(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        CheckInput(input);
        List<Tensor> outputs = Decode(EncodePadded(Pad(input)), deep: Options.DeepSupervision);
        for (int s = 0; s < outputs.Count; s++) outputs[s] = CropTo(outputs[s], input.shape, Options.Scale(s)).MoveToOuterDisposeScope();
        return outputs;
    }

    /// <summary>The encoder's features at every stage, highest resolution first; the last is the bottleneck.</summary>
    public IReadOnlyList<Tensor> Encode(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        CheckInput(input);
        List<Tensor> features = EncodePadded(Pad(input));
        return [.. features.Select((f, s) => CropTo(f, input.shape, Options.Scale(s)).MoveToOuterDisposeScope())];
    }

    private List<Tensor> EncodePadded(Tensor input)
    {
        var features = new List<Tensor>(Options.Depth + 1);
        Tensor x = input;
        for (int s = 0; s <= Options.Depth; s++)
        {
            if (s > 0 && Options.Downsampling == Downsampling.MaxPool) x = TensorOps.MaxPool(x, Options.Factors(s));
            x = _encoder[s].forward(x);
            features.Add(x);
        }
        return features;
    }

    private List<Tensor> Decode(List<Tensor> features, bool deep)
    {
        var outputs = new List<Tensor>();
        Tensor x = features[^1];
        for (int k = 0; k < Options.Depth; k++)
        {
            int stage = Options.Depth - 1 - k;
            Tensor up = _up[k].forward(x);
            x = _decoder[k].forward(torch.cat([features[stage], up], 1));
            if (deep && stage > 0 && stage < Options.Depth) outputs.Add(_deepHeads![stage - 1].forward(x));
        }
        outputs.Add(_head.forward(x));
        outputs.Reverse();
        return outputs;
    }

    /// <summary>The input zero-padded at the end of each spatial axis to a multiple of <see cref="UNetOptions.SizeMultiples"/>; the input itself when it is one.</summary>
    private Tensor Pad(Tensor input)
    {
        long[] multiples = Options.SizeMultiples;
        long[] shape = input.shape;
        var pad = new long[2 * (shape.Length - 2)];
        for (int d = shape.Length - 1, k = 0; d >= 2; d--, k += 2) pad[k + 1] = (multiples[d - 2] - shape[d] % multiples[d - 2]) % multiples[d - 2];
        return pad.All(p => p == 0) ? input : torch.nn.functional.pad(input, pad);
    }

    /// <summary>The part of a map of <paramref name="scale"/> (input voxels per map voxel, per axis) that covers the input: <c>ceil(size / scale)</c> per axis from the start.</summary>
    private static Tensor CropTo(Tensor map, long[] inputShape, long[] scale)
    {
        Tensor x = map;
        for (int d = 2; d < inputShape.Length; d++)
        {
            long extent = (inputShape[d] + scale[d - 2] - 1) / scale[d - 2];
            if (x.shape[d] != extent) x = x.narrow(d, 0, extent);
        }
        return x;
    }

    private static long[] Unit(UNetOptions options) => [.. Enumerable.Repeat(1L, options.Dimensions)];

    /// <summary>The floating-point parameters and buffers by PyTorch state-dict name, copied to float32 arrays (what <see cref="MLSegmentation.Onnx.UNetOnnxExporter"/> reads).</summary>
    public Dictionary<string, WeightArray> Weights()
    {
        var weights = new Dictionary<string, WeightArray>(StringComparer.Ordinal);
        foreach ((string name, Tensor value) in state_dict())
        {
            if (!value.is_floating_point()) continue;
            using var scope = torch.NewDisposeScope();
            weights[name] = new WeightArray(value.detach().cpu().to(ScalarType.Float32).contiguous().data<float>().ToArray(), value.shape);
        }
        return weights;
    }

    private void CheckInput(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        long[] shape = input.shape;
        if (shape.Length != Options.Dimensions + 2 || shape[1] != Options.InputChannels)
        {
            string expected = Options.Dimensions == 2 ? $"[N, {Options.InputChannels}, H, W]" : $"[N, {Options.InputChannels}, D, H, W]";
            throw new ArgumentException($"UNet: the input has shape {string.Join("×", shape)}, expected {expected}", nameof(input));
        }
    }

    private void InitializeHe()
    {
        double slope = Options.Activation == Activation.LeakyReLU ? 0.01 : 0;
        using var noGrad = torch.no_grad();
        foreach (nn.Module m in modules())
        {
            if (m is not Convolution conv) continue;
            long[] shape = conv.Weight.shape;
            long fanIn = shape.Skip(1).Aggregate(1L, (a, b) => a * b);
            conv.Weight.normal_(0, Math.Sqrt(2.0 / (1 + slope * slope)) / Math.Sqrt(fanIn));
            conv.Bias?.zero_();
        }
    }
}
