using MLSegmentation.Networks;

namespace MLSegmentation.Benchmarks;

/// <summary>
/// Floating-point operations of a U-Net, counted over its convolutions (two per multiply-add; normalisation, activations,
/// pooling and the loss are left out, as FLOP counts of CNNs usually do). A training step is counted as three forwards:
/// the forward, and a backward that computes gradients of both the inputs and the weights of every convolution.
/// </summary>
public static class UNetFlops
{
    /// <summary>FLOPs of one forward pass on one image whose spatial sides are all <paramref name="side"/> (a multiple of <see cref="UNetOptions.SizeMultiples"/>).</summary>
    public static double Forward(UNetOptions options, int side)
    {
        ArgumentNullException.ThrowIfNull(options);
        long[] multiples = options.SizeMultiples;
        if (multiples.Any(m => side % m != 0)) throw new ArgumentException($"side {side} is not a multiple of [{string.Join(", ", multiples)}]", nameof(side));
        double Voxels(int stage) => options.Scale(stage).Aggregate(1.0, (v, scale) => v * (side / scale));
        double Convolution(long cin, long cout, double kernelVoxels, double outputVoxels) => 2.0 * cin * cout * kernelVoxels * outputVoxels;
        double Cube(int kernel) => Math.Pow(kernel, options.Dimensions);
        double Stage(long cin, long cout, int stage) =>
            Convolution(cin, cout, Cube(3), Voxels(stage)) + (options.ConvolutionsPerStage - 1) * Convolution(cout, cout, Cube(3), Voxels(stage));

        double flops = Stage(options.InputChannels, options.Width(0), 0);
        for (int s = 1; s <= options.Depth; s++) flops += Stage(options.Width(s - 1), options.Width(s), s);
        for (int s = options.Depth - 1; s >= 0; s--)
        {
            flops += options.Upsampling == Upsampling.TransposedConvolution
                ? Convolution(options.Width(s + 1), options.Width(s), options.Factors(s + 1).Aggregate(1.0, (v, f) => v * f), Voxels(s + 1))
                : Convolution(options.Width(s + 1), options.Width(s), Cube(1), Voxels(s));
            flops += Stage(2L * options.Width(s), options.Width(s), s);
        }
        return flops + Convolution(options.Width(0), options.Classes, Cube(1), Voxels(0));
    }

    /// <summary>FLOPs of one training step per image: <see cref="Forward"/> × 3.</summary>
    public static double TrainingStep(UNetOptions options, int side) => 3 * Forward(options, side);
}
