namespace MLSegmentation.Transforms;

/// <summary>
/// Resizes samples to a fixed size (voxel areas aligned as PyTorch's <c>align_corners=False</c>:
/// input = (output + ½)·in/out − ½ when stretching), stretching or keeping the aspect ratio with padding or cropping.
/// </summary>
/// <param name="size">Target spatial size: [height, width] or [depth, height, width].</param>
/// <param name="mode">How to treat the aspect ratio.</param>
public sealed class Resize(IReadOnlyList<int> size, ResizeMode mode = ResizeMode.Stretch) : SpatialTransform
{
    private readonly int[] _size = [.. size];

    /// <inheritdoc/>
    protected override (int[] OutputSize, double[]? Map) Plan(SegmentationSample sample, SampleRandom random)
    {
        ArgumentNullException.ThrowIfNull(sample);
        IReadOnlyList<int> input = sample.Image.Size;
        int n = input.Count;
        if (_size.Length != n)
        {
            throw new ArgumentException($"A {_size.Length}D target size for a {n}D sample.");
        }

        var scales = new double[n];
        for (int a = 0; a < n; a++)
        {
            scales[a] = (double)_size[a] / input[a];
        }

        if (mode != ResizeMode.Stretch)
        {
            double uniform = mode == ResizeMode.Pad ? scales.Min() : scales.Max();
            Array.Fill(scales, uniform);
        }

        var map = new double[n * (n + 1)];
        for (int a = 0; a < n; a++)
        {
            // input = (output + ½ − out/2)/s + in/2 − ½: centres coincide, voxel areas scale by s.
            map[a * (n + 1) + a] = 1 / scales[a];
            map[a * (n + 1) + n] = (0.5 - _size[a] / 2.0) / scales[a] + input[a] / 2.0 - 0.5;
        }

        return (_size, map);
    }
}
