namespace MLSegmentation.Transforms;

/// <summary>Conversions of label maps for losses and metrics.</summary>
public static class LabelEncoding
{
    /// <summary>One channel per class: channel c is 1 where the label is c, else 0.</summary>
    /// <exception cref="ArgumentException">A label lies outside [0, <paramref name="classCount"/>); the message gives the first one.</exception>
    public static Image OneHot(LabelMap labels, int classCount)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        int plane = labels.Data.Length;
        var values = new float[(long)classCount * plane];
        for (int i = 0; i < plane; i++)
        {
            int label = labels.Data[i];
            if ((uint)label >= (uint)classCount)
            {
                throw new ArgumentException($"Label {label} at voxel {i} is outside the {classCount} declared classes.", nameof(labels));
            }

            values[(long)label * plane + i] = 1;
        }

        return new Image(classCount, labels.Size, values, labels.Spacing);
    }
}
