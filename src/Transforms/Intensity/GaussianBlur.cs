namespace MLSegmentation.Transforms;

/// <summary>
/// Blurs every channel with a Gaussian whose standard deviation (in voxels, the same on every spatial axis)
/// is drawn uniformly from [<paramref name="minSigma"/>, <paramref name="maxSigma"/>]; separable, kernel radius
/// ⌈3σ⌉, borders replicated.
/// </summary>
public sealed class GaussianBlur(double minSigma, double maxSigma, double probability = 1.0) : IntensityTransform
{
    /// <inheritdoc/>
    protected override void Transform(Image image, SampleRandom random)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(random);
        if (!random.Chance(probability))
        {
            return;
        }

        double sigma = random.Uniform(minSigma, maxSigma);
        if (!(sigma > 0))
        {
            return;
        }

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

        var line = new double[image.Size.Max()];
        for (int c = 0; c < image.Channels; c++)
        {
            Span<float> values = Channel(image, c);
            int stride = 1;
            for (int axis = image.Dimensions - 1; axis >= 0; axis--)
            {
                int n = image.Size[axis];
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
}
