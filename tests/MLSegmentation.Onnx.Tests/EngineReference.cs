using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;
using MLSegmentation.Trainers.Segmenters;

namespace MLSegmentation.Onnx.Tests;

/// <summary>The engine as the numeric reference of the export tests: its tensors as the exporter's arrays, its U-Net exported.</summary>
internal static class EngineReference
{
    /// <summary>A copy of <paramref name="tensor"/>'s values and shape.</summary>
    public static WeightArray W(this Tensor tensor) => new(tensor.data<float>().ToArray(), tensor.shape);

    /// <summary>A copy of <paramref name="tensor"/>'s values.</summary>
    public static float[] V(this Tensor tensor) => tensor.data<float>().ToArray();

    /// <summary>The engine's interpolation mode for the exporter's, over <paramref name="spatialDims"/> dimensions (libtorch names linear modes by rank).</summary>
    public static InterpolationMode Engine(this ResizeMode mode, int spatialDims) => mode == ResizeMode.Nearest ? InterpolationMode.Nearest
        : spatialDims switch { 1 => InterpolationMode.Linear, 2 => InterpolationMode.Bilinear, 3 => InterpolationMode.Trilinear, _ => throw new ArgumentOutOfRangeException(nameof(spatialDims)) };

    /// <summary>Resizing by the same <paramref name="scale"/> in each spatial dimension of <paramref name="x"/>.</summary>
    public static Tensor Interpolate(Tensor x, double scale, ResizeMode mode, bool alignCorners)
    {
        int d = (int)x.dim() - 2;
        return nn.functional.interpolate(x, scale_factor: Enumerable.Repeat(scale, d).ToArray(), mode: mode.Engine(d),
            align_corners: mode == ResizeMode.Nearest ? null : alignCorners);
    }

    /// <summary>Random parameters and running statistics (so folding and normalisation are exercised), then eval mode.</summary>
    internal static T Randomize<T>(T module, long seed) where T : nn.Module
    {
        torch.manual_seed(seed);
        using (torch.no_grad())
        {
            foreach (var (name, p) in module.named_parameters())
            {
                // Kernels N(0, 1/fan-in) and normalisation scales near 1 keep activations O(1) through deep stacks
                // (eval-mode batch norm does not renormalise), so float32 rounding stays far below the tolerance.
                if (p.dim() >= 2) p.normal_(0, 1.2 / Math.Sqrt(p.numel() / p.size(0)));
                else if (name.EndsWith("weight", StringComparison.Ordinal)) p.uniform_(0.8, 1.5);
                else p.normal_(0, 0.3);
            }
            foreach (var (name, b) in module.named_buffers())
            {
                if (name.EndsWith("running_mean", StringComparison.Ordinal)) b.normal_(0, 0.3);
                else if (name.EndsWith("running_var", StringComparison.Ordinal)) b.uniform_(0.5, 1.5);
            }
        }
        module.eval();
        return module;
    }
}
