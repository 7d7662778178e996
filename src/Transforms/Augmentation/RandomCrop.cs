namespace MLSegmentation.Transforms;

/// <summary>
/// Cuts a window of a fixed size at a random position (padding with the fill value where the input is
/// smaller). With probability <paramref name="foregroundProbability"/> the window is centred on a random
/// foreground voxel (label &gt; 0) as far as the borders allow; CoLab samples half its patches that way.
/// </summary>
/// <param name="size">Window size: [height, width] or [depth, height, width].</param>
/// <param name="foregroundProbability">Share of windows centred on foreground (when the sample has any). Default 0.</param>
public sealed class RandomCrop(IReadOnlyList<int> size, double foregroundProbability = 0) : SpatialTransform
{
    private readonly int[] _size = [.. size];

    /// <inheritdoc/>
    protected override (int[] OutputSize, double[]? Map) Plan(SegmentationSample sample, SampleRandom random)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(random);
        IReadOnlyList<int> input = sample.Image.Size;
        int n = input.Count;
        if (_size.Length != n)
        {
            throw new ArgumentException($"A {_size.Length}D window for a {n}D sample.");
        }

        int[]? centre = random.Chance(foregroundProbability) ? RandomForegroundVoxel(sample.Labels, random) : null;
        var map = new double[n * (n + 1)];
        for (int a = 0; a < n; a++)
        {
            int low = Math.Min(0, input[a] - _size[a]);
            int high = Math.Max(0, input[a] - _size[a]);
            int offset = centre is null ? random.NextInt(low, high) : Math.Clamp(centre[a] - _size[a] / 2, low, high);
            map[a * (n + 1) + a] = 1;
            map[a * (n + 1) + n] = offset;
        }

        return (_size, map);
    }

    private static int[]? RandomForegroundVoxel(LabelMap? labels, SampleRandom random)
    {
        if (labels is null)
        {
            return null;
        }

        int count = labels.Data.Count(l => l > 0);
        if (count == 0)
        {
            return null;
        }

        int pick = random.NextInt(count);
        int index = 0;
        for (int i = 0; i < labels.Data.Length; i++)
        {
            if (labels.Data[i] > 0 && pick-- == 0)
            {
                index = i;
                break;
            }
        }

        var coordinates = new int[labels.Dimensions];
        for (int a = labels.Dimensions - 1; a >= 0; a--)
        {
            coordinates[a] = index % labels.Size[a];
            index /= labels.Size[a];
        }

        return coordinates;
    }
}
