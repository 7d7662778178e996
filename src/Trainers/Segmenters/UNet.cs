using MLSegmentation.Torch;
using MLSegmentation.Networks;
using MLSegmentation.Onnx;
using MLSegmentation.Torch.Modules;
using MLSegmentation.Torch.Serialization;

namespace MLSegmentation.Trainers.Segmenters;

/// <summary>
/// U-Net (Ronneberger et al. 2015) in 2D or 3D, configured by <see cref="UNetOptions"/>: an encoder of
/// <c>Depth + 1</c> stages joined by down-sampling, a decoder that up-samples and concatenates the
/// encoder's features of the same resolution, and a 1×1 head giving one logit per class.
/// Convolutions are He-initialised. Spatial sizes must be divisible by <c>2^Depth</c>.
/// </summary>
public sealed class UNet : Module<Tensor, Tensor>
{
    private readonly ModuleList<ConvolutionStage> _encoder;
    private readonly Module<Tensor, Tensor>? _pool;
    private readonly ModuleList<Module<Tensor, Tensor>> _up;
    private readonly ModuleList<ConvolutionStage> _decoder;
    private readonly ConvolutionBase _head;
    private readonly ModuleList<ConvolutionBase>? _deepHeads;

    /// <summary>Builds the network; parameters are drawn from the global generator (seed it first for reproducibility).</summary>
    public UNet(UNetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        bool strided = options.Downsampling == Downsampling.StridedConvolution;

        _encoder = torch.nn.ModuleList<ConvolutionStage>();
        for (int s = 0; s <= options.Depth; s++)
        {
            int cin = s == 0 ? options.InputChannels : options.Width(s - 1);
            _encoder.Add(new ConvolutionStage(options, cin, options.Width(s), firstStride: s > 0 && strided ? 2 : 1));
        }
        register_module("encoder", _encoder);
        if (!strided)
        {
            _pool = Layers.Pool(options);
            register_module("pool", _pool);
        }

        _up = torch.nn.ModuleList<Module<Tensor, Tensor>>();
        _decoder = torch.nn.ModuleList<ConvolutionStage>();
        for (int s = options.Depth - 1; s >= 0; s--)
        {
            int cin = options.Width(s + 1), cout = options.Width(s);
            _up.Add(options.Upsampling == Upsampling.TransposedConvolution
                ? Layers.TransposedConvolution(options, cin, cout)
                : torch.nn.Sequential(
                    torch.nn.Upsample(scaleFactor: 2, mode: InterpolationMode.Nearest),
                    Layers.Convolution(options, cin, cout, kernelSize: 1, stride: 1, padding: 0, bias: false)));
            _decoder.Add(new ConvolutionStage(options, 2 * cout, cout, firstStride: 1));
        }
        register_module("up", _up);
        register_module("decoder", _decoder);

        _head = Layers.Convolution(options, options.Width(0), options.Classes, kernelSize: 1, stride: 1, padding: 0, bias: true);
        register_module("head", _head);
        if (options.DeepSupervision)
        {
            _deepHeads = torch.nn.ModuleList<ConvolutionBase>();
            for (int s = 1; s < options.Depth; s++)
                _deepHeads.Add(Layers.Convolution(options, options.Width(s), options.Classes, kernelSize: 1, stride: 1, padding: 0, bias: true));
            register_module("deep_heads", _deepHeads);
        }
        InitializeHe();
        if (UsesChannelsLast) ConvertWeightsToChannelsLast();
    }

    /// <summary>The configuration the network was built with.</summary>
    public UNetOptions Options { get; }

    private bool UsesChannelsLast => Options.ChannelsLast && Options.Dimensions == 2;

    /// <summary>Full-resolution logits [N, Classes, spatial…].</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        return Decode(Encode(input), deep: false)[0].MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Logits at full resolution and, with <see cref="UNetOptions.DeepSupervision"/>, at 1/2, 1/4, …
    /// resolution (one entry per decoder stage above the bottleneck), highest resolution first.
    /// </summary>
    public IReadOnlyList<Tensor> ForwardDeep(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        IReadOnlyList<Tensor> outputs = Decode(Encode(input), deep: Options.DeepSupervision);
        foreach (Tensor t in outputs) t.MoveToOuterDisposeScope();
        return outputs;
    }

    /// <summary>The encoder's features at every stage, highest resolution first; the last is the bottleneck.</summary>
    public IReadOnlyList<Tensor> Encode(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckInput(input);
        using var scope = torch.NewDisposeScope();
        var features = new List<Tensor>(Options.Depth + 1);
        Tensor x = UsesChannelsLast ? input.contiguous(MemoryFormat.ChannelsLast) : input;
        for (int s = 0; s <= Options.Depth; s++)
        {
            if (s > 0 && _pool is not null) x = _pool.forward(x);
            x = _encoder[s].forward(x);
            features.Add(x);
        }
        foreach (Tensor f in features) f.MoveToOuterDisposeScope();
        return features;
    }

    private List<Tensor> Decode(IReadOnlyList<Tensor> features, bool deep)
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

    /// <summary>The parameters and persistent buffers by PyTorch state-dict name, copied to float32 arrays (what <see cref="MLSegmentation.Onnx.UNetOnnxExporter"/> reads).</summary>
    public Dictionary<string, WeightArray> Weights()
    {
        using StateDict state = state_dict();
        var weights = new Dictionary<string, WeightArray>(StringComparer.Ordinal);
        foreach ((string name, Tensor value) in state)
        {
            using Tensor floats = value.to(ScalarType.Float32).contiguous();
            weights[name] = new WeightArray(floats.data<float>(), value.shape);
        }
        return weights;
    }

    private void CheckInput(Tensor input)
    {
        long[] shape = input.shape;
        if (shape.Length != Options.Dimensions + 2 || shape[1] != Options.InputChannels)
        {
            string expected = Options.Dimensions == 2 ? $"[N, {Options.InputChannels}, H, W]" : $"[N, {Options.InputChannels}, D, H, W]";
            throw new ArgumentException($"UNet: the input has shape {string.Join("×", shape)}, expected {expected}", nameof(input));
        }
        long divisor = 1L << Options.Depth;
        for (int d = 2; d < shape.Length; d++)
        {
            if (shape[d] % divisor != 0)
                throw new ArgumentException($"UNet: spatial size {shape[d]} is not divisible by 2^Depth = {divisor}; pad or resize the input", nameof(input));
        }
    }

    private void InitializeHe()
    {
        double slope = Options.Activation == Activation.LeakyReLU ? 0.01 : 0;
        using var noGrad = torch.no_grad();
        foreach (Module m in modules())
        {
            if (m is not (Conv2d or Conv3d)) continue;
            var conv = (ConvolutionBase)m;
            long[] shape = conv.weight.shape;
            long fanIn = shape.Skip(1).Aggregate(1L, (a, b) => a * b);
            conv.weight.normal_(0, Math.Sqrt(2.0 / (1 + slope * slope)) / Math.Sqrt(fanIn));
            conv.bias?.zero_();
        }
    }

    private void ConvertWeightsToChannelsLast()
    {
        foreach (Module m in modules())
        {
            if (m is not ConvolutionBase conv) continue;
            using var converted = conv.weight.detach().contiguous(MemoryFormat.ChannelsLast);
            conv.register_parameter("weight", torch.nn.Parameter(converted));
        }
    }
}
