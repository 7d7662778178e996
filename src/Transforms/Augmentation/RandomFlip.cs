namespace MLSegmentation.Transforms;

/// <summary>Mirrors the sample along one axis with a given probability.</summary>
/// <param name="axisFromEnd">0 = horizontal (x, the last axis), 1 = vertical (y), 2 = depth (z, volumes only).</param>
/// <param name="probability">Probability of flipping. Default 0.5.</param>
public sealed class RandomFlip(int axisFromEnd = 0, double probability = 0.5) : SpatialTransform
{
    /// <inheritdoc/>
    protected override (int[] OutputSize, double[]? Map) Plan(SegmentationSample sample, SampleRandom random)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(random);
        int n = sample.Image.Dimensions;
        if (axisFromEnd < 0 || axisFromEnd >= n)
        {
            throw new ArgumentException($"Axis {axisFromEnd} from the end does not exist in a {n}D sample.");
        }

        if (!random.Chance(probability))
        {
            return ([.. sample.Image.Size], null);
        }

        double[] linear = Identity(n);
        int axis = n - 1 - axisFromEnd;
        linear[axis * n + axis] = -1;
        return ([.. sample.Image.Size], AboutCentres(sample.Image.Size, sample.Image.Size, linear));
    }
}
