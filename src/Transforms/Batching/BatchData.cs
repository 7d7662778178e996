namespace MLSegmentation.Transforms;

/// <summary>A batch assembled in managed arrays on a worker thread.</summary>
internal sealed record BatchData(BatchPlan Plan, SampleInfo[] Samples, float[] Images, long[] ImageShape, long[]? Labels, long[] LabelShape, (float[] Data, long[] Shape)[] SideData)
{
    /// <summary>The batch over these arrays (no copy).</summary>
    public Batch ToBatch() => new(Plan, Samples, new ShapedArray<float>(Images, ImageShape),
        Labels is null ? null : new ShapedArray<long>(Labels, LabelShape), [.. SideData.Select(s => new ShapedArray<float>(s.Data, s.Shape))]);
}
