namespace MLSegmentation.Transforms;

/// <summary>Separable Gaussian smoothing of one channel on a grid: the same σ (in voxels) on every axis, kernel radius ⌈3σ⌉, borders replicated.</summary>
internal static class GaussianFilter
{
    /// <summary>Smooths <paramref name="values"/> (one channel of a grid of <paramref name="size"/>, x fastest) in place.</summary>
    public static void Apply(Span<float> values, IReadOnlyList<int> size, double sigma)
    {
        int radius = (int)Math.Ceiling(3 * sigma);
        var kernel = new double[2 * radius + 1];
        for (int k = -radius; k <= radius; k++)
        {
            kernel[k + radius] = Math.Exp(-k * k / (2 * sigma * sigma));
        }

        double total = kernel.Sum();
        for (int k = 0; k < kernel.Length; k++)
        {
            kernel[k] /= total;
        }

        var line = new double[size.Max()];
        int stride = 1;
        for (int axis = size.Count - 1; axis >= 0; axis--)
        {
            int n = size[axis];
            int block = stride * n;
            for (int outer = 0; outer < values.Length; outer += block)
            {
                for (int inner = 0; inner < stride; inner++)
                {
                    int start = outer + inner;
                    for (int i = 0; i < n; i++)
                    {
                        line[i] = values[start + i * stride];
                    }

                    for (int i = 0; i < n; i++)
                    {
                        double sum = 0;
                        for (int k = -radius; k <= radius; k++)
                        {
                            sum += kernel[k + radius] * line[Math.Clamp(i + k, 0, n - 1)];
                        }

                        values[start + i * stride] = (float)sum;
                    }
                }
            }

            stride = block;
        }
    }
}
