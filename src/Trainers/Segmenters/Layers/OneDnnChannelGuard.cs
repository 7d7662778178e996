using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MLSegmentation.Trainers.Segmenters;

/// <summary>
/// Works around wrong float32 convolutions of libtorch 2.10's oneDNN 3.7.1 on the CPU. On an AVX-512 machine
/// (AMD EPYC, ISA avx512_core and avx2 alike; SSE4.1 and mkldnn off are right) the backward-data kernel, which also
/// computes transposed convolutions, gives errors of 10–90 % and NaN whenever a channel count of a k &gt; 1 kernel is not
/// a multiple of 16, and forward results go wrong too when the input channels are neither ≤ 16 nor a multiple of 16
/// (tests/MLSegmentation.Engine.Tests/ConvolutionGradientTests); with stride 2, 48 input channels give wrong input
/// gradients as well (tests/MLSegmentation.Trainers.Tests/EngineLayerTests). Channel counts of 16 and multiples of 32
/// are right, so other convolutions run zero-padded to 16 or the next multiple of 32 and the output is cut back: the same values and gradients,
/// at the cost of the padding. Turning mkldnn off instead slows convolutions 2–16×, and capping the ISA at SSE4.1
/// 4–14×. <c>MLSEG_ONEDNN_CHANNEL_GUARD=0</c> turns the guard off.
/// </summary>
internal static class OneDnnChannelGuard
{
    private const long Block = 16;

    /// <summary>Whether the guard is on (read once).</summary>
    public static bool Enabled { get; } = Environment.GetEnvironmentVariable("MLSEG_ONEDNN_CHANNEL_GUARD") != "0";

    /// <summary>
    /// Runs <paramref name="convolution"/> on <paramref name="input"/> with <paramref name="weight"/> and
    /// <paramref name="bias"/>, zero-padding the channel counts where oneDNN would get them wrong and cutting the output
    /// back. The weight's input channels lie along <paramref name="inDim"/> and its output channels along
    /// <paramref name="outDim"/> (0 and 1 for a convolution, 1 and 0 for a transposed one).
    /// </summary>
    public static Tensor Run(Tensor input, Tensor weight, Tensor? bias, int inDim, int outDim, Func<Tensor, Tensor, Tensor?, Tensor> convolution)
    {
        long inChannels = weight.shape[inDim], outChannels = weight.shape[outDim];
        if (!Applies(input, inChannels, outChannels, weight.shape[2..])) return convolution(input, weight, bias);
        using var scope = NewDisposeScope();
        long inPadded = Round(inChannels), outPadded = Round(outChannels);
        Tensor y = convolution(PadDim(input, 1, inPadded), PadDim(PadDim(weight, inDim, inPadded), outDim, outPadded),
            bias is null ? null : PadDim(bias, 0, outPadded));
        return y.narrow(1, 0, outChannels).MoveToOuterDisposeScope();
    }

    /// <summary>Whether a k-sized kernel from <paramref name="inChannels"/> to <paramref name="outChannels"/> on <paramref name="input"/>'s device needs padding.</summary>
    public static bool Applies(Tensor input, long inChannels, long outChannels, long[] kernel) =>
        Enabled && input.device_type == DeviceType.CPU && input.dtype == ScalarType.Float32 && kernel.Any(k => k > 1)
        && (!IsSafe(inChannels) || !IsSafe(outChannels));

    /// <summary>
    /// Whether oneDNN computes a channel count right: 16, or a multiple of 32. Other multiples of 16 are not safe:
    /// 48 input channels give wrong input gradients with stride 2 (EngineLayerTests).
    /// </summary>
    private static bool IsSafe(long channels) => channels == Block || channels % (2 * Block) == 0;

    /// <summary>The smallest safe channel count of at least <paramref name="channels"/>: 16, or the next multiple of 32.</summary>
    private static long Round(long channels) => channels <= Block ? Block : (channels + 2 * Block - 1) / (2 * Block) * (2 * Block);

    /// <summary><paramref name="t"/> zero-padded at the end of dimension <paramref name="dim"/> to <paramref name="size"/> entries.</summary>
    private static Tensor PadDim(Tensor t, int dim, long size)
    {
        long extra = size - t.shape[dim];
        if (extra == 0) return t;
        // F.pad lists (before, after) pairs from the last dimension backwards.
        var pad = new long[2 * (t.dim() - dim)];
        pad[^1] = extra;
        return F.pad(t, pad);
    }
}
