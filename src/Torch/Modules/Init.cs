namespace MLSegmentation.Torch.Modules;

/// <summary>PyTorch's default parameter initialisations, drawing from the global generator in PyTorch's order.</summary>
internal static class Init
{
    /// <summary>
    /// A parameter drawn as <c>kaiming_uniform_(w, a=√5)</c>, PyTorch's default for convolution and linear
    /// weights: U(−b, b) with b = √3 · gain / √fan_in, gain = √(2 / (1 + a²)).
    /// </summary>
    internal static Parameter KaimingUniformDefault(long[] shape, long fanIn)
    {
        double a = Math.Sqrt(5.0);
        double gain = Math.Sqrt(2.0 / (1 + a * a));
        double std = gain / Math.Sqrt(fanIn);
        double bound = Math.Sqrt(3.0) * std;
        return Uniform(shape, bound);
    }

    /// <summary>The default bias of convolution and linear layers: U(−1/√fan_in, 1/√fan_in).</summary>
    internal static Parameter BiasDefault(long length, long fanIn) =>
        Uniform([length], fanIn > 0 ? 1 / Math.Sqrt(fanIn) : 0);

    /// <summary>PyTorch's fan-in of a weight: size(1) times the product of the sizes after it.</summary>
    internal static long FanIn(long[] shape)
    {
        long receptive = 1;
        for (int k = 2; k < shape.Length; k++) receptive *= shape[k];
        return shape[1] * receptive;
    }

    internal static Parameter Uniform(long[] shape, double bound)
    {
        using Tensor t = torch.empty(shape);
        using (torch.no_grad()) t.uniform_(-bound, bound);
        return new Parameter(t);
    }

    internal static Parameter Constant(long[] shape, double value)
    {
        using Tensor t = torch.full(shape, value);
        return new Parameter(t);
    }
}
