using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MLSegmentation.Engine.Tests;

/// <summary>
/// float32 conv2d values and gradients (oneDNN's kernels on x86-64 CPUs) against the same computation in float64
/// (ATen's own kernels: oneDNN has none for float64). Covers the shapes the U-Net meets, including the few-output-channel
/// heads and first layers, with batch > 1, on a heap that was filled with NaN first, so that a kernel reading
/// uninitialised memory shows up.
/// </summary>
public class ConvolutionGradientTests
{
    [System.Runtime.InteropServices.DllImport("libtorch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    private static extern IntPtr GlobalContext();
    [System.Runtime.InteropServices.DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    private static extern void SetMkldnn(IntPtr ctx, [System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.U1)] bool on);

    private static double RelativeError(Tensor got, Tensor want)
    {
        using var scope = NewDisposeScope();
        double scale = Math.Max(want.abs().max().item<double>(), 1e-12);
        return (got.to(ScalarType.Float64) - want).abs().max().item<double>() / scale;
    }

    /// <summary>Allocates and frees large NaN blocks, so that the next tensors may reuse dirty memory.</summary>
    private static void DirtyHeap()
    {
        var blocks = new List<Tensor>();
        for (long size = 1 << 16; size <= 1 << 24; size *= 2) blocks.Add(full(size, float.NaN, dtype: ScalarType.Float32));
        foreach (Tensor b in blocks) b.Dispose();
    }

    [TestCase(4, 3, 4, 16, 3, 1, 1)]
    [TestCase(8, 32, 3, 64, 3, 1, 1)]
    [TestCase(8, 32, 32, 64, 3, 1, 1)]
    [TestCase(16, 1, 16, 96, 3, 1, 1)]
    [TestCase(16, 16, 2, 96, 3, 1, 1)]
    [TestCase(4, 8, 8, 32, 3, 2, 1)]
    [TestCase(4, 16, 2, 32, 1, 1, 0)]
    public void Float32MatchesFloat64(int n, int cin, int cout, int size, int kernel, int stride, int padding)
    {
        if (Environment.GetEnvironmentVariable("NOMK") == "1") { _ = zeros(1); SetMkldnn(GlobalContext(), false); }
        using var scope = NewDisposeScope();
        var generator = new Generator(7);
        Tensor x64 = randn([n, cin, size, size], dtype: ScalarType.Float64, generator: generator);
        Tensor w64 = randn([cout, cin, kernel, kernel], dtype: ScalarType.Float64, generator: generator);
        Tensor b64 = randn([cout], dtype: ScalarType.Float64, generator: generator);
        long outSize = (size + 2 * padding - kernel) / stride + 1;
        Tensor g64 = randn([n, cout, outSize, outSize], dtype: ScalarType.Float64, generator: generator);

        Tensor[] Run(ScalarType type)
        {
            Tensor x = x64.to(type).requires_grad_(), w = w64.to(type).requires_grad_(), b = b64.to(type).requires_grad_();
            Tensor y = F.conv2d(x, w, b, strides: [stride, stride], padding: [padding, padding]);
            Tensor[] grads = [.. autograd.grad([(y * g64.to(type)).sum()], [x, w, b])];
            return [y.detach(), .. grads];
        }

        Tensor[] want = Run(ScalarType.Float64);
        for (int repeat = 0; repeat < 2; repeat++)
        {
            DirtyHeap();
            Tensor[] got = Run(ScalarType.Float32);
            string[] names = ["output", "input gradient", "weight gradient", "bias gradient"];
            for (int i = 0; i < names.Length; i++)
            {
                Assert.That(got[i].isnan().any().item<bool>(), Is.False, names[i] + " has NaN");
                Assert.That(RelativeError(got[i], want[i]), Is.LessThan(1e-4), names[i]);
            }
        }
    }
}
