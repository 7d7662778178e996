using MLSegmentation.Transforms;

namespace MLSegmentation.Trainers.Methods;

/// <summary>
/// Crops a random window covering a share s ∈ [<paramref name="minScale"/>, <paramref name="maxScale"/>] of the
/// image's area (volume) and stretches it back to the input size, as torchvision's <c>RandomResizedCrop</c>:
/// in 2D the window's aspect ratio is log-uniform in [3/4, 4/3] narrowed to ratios whose window fits; in 3D every axis
/// shrinks by s^(1/3). One affine map moves image (linear), labels and side data (nearest) together.
/// </summary>
/// <param name="minScale">Smallest area share, in (0, 1].</param>
/// <param name="maxScale">Largest area share, in [minScale, 1].</param>
public sealed class RandomResizedCrop(double minScale, double maxScale) : SpatialTransform
{
    /// <inheritdoc/>
    protected override (int[] OutputSize, double[]? Map) Plan(SegmentationSample sample, SampleRandom random)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(random);
        int[] size = [.. sample.Image.Size];
        int n = size.Length;
        double share = random.Uniform(minScale, maxScale);
        var extent = new double[n];
        if (n == 2)
        {
            // aspect ratios whose window fits the image: [max(3/4, s), min(4/3, 1/s)] (torchvision retries instead)
            double ratio = Math.Exp(random.Uniform(Math.Log(Math.Max(3.0 / 4, share)), Math.Log(Math.Min(4.0 / 3, 1 / share))));
            extent[0] = size[0] * Math.Sqrt(share / ratio);
            extent[1] = size[1] * Math.Sqrt(share * ratio);
        }
        else
        {
            for (int a = 0; a < n; a++) extent[a] = size[a] * Math.Pow(share, 1.0 / n);
        }

        var map = new double[n * (n + 1)];
        for (int a = 0; a < n; a++)
        {
            int length = Math.Clamp((int)Math.Round(extent[a]), 1, size[a]);
            int offset = random.NextInt(0, size[a] - length);
            double scale = (double)length / size[a];
            map[a * (n + 1) + a] = scale;
            map[a * (n + 1) + n] = offset + 0.5 * scale - 0.5;
        }

        return (size, map);
    }
}
