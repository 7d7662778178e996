namespace MLSegmentation.Transforms;

/// <summary>
/// One batch as arrays: images [N, C, H, W] (or [N, C, D, H, W]) float32, labels [N, H, W] (or [N, D, H, W]) int64,
/// and per-pixel side data [N, Cs, H, W] float32 each. The trainer turns them into tensors without a copy.
/// </summary>
public sealed class Batch
{
    internal Batch(BatchPlan plan, IReadOnlyList<SampleInfo> samples, ShapedArray<float> images, ShapedArray<long>? labels, IReadOnlyList<ShapedArray<float>> sideData)
    {
        Plan = plan;
        Samples = samples;
        Images = images;
        Labels = labels;
        SideData = sideData;
    }

    /// <summary>The global step of this batch.</summary>
    public long Step => Plan.Step;

    /// <summary>The epoch of this batch.</summary>
    public int Epoch => Plan.Epoch;

    /// <summary>Which samples the batch holds, and their augmentation indices.</summary>
    public BatchPlan Plan { get; }

    /// <summary>The samples' files (those actually used when bad samples were skipped).</summary>
    public IReadOnlyList<SampleInfo> Samples { get; }

    /// <summary>Images, float32 [N, C, spatial...].</summary>
    public ShapedArray<float> Images { get; }

    /// <summary>Labels, int64 [N, spatial...]; null when the samples are unlabelled.</summary>
    public ShapedArray<long>? Labels { get; }

    /// <summary>Side data, float32 [N, Cs, spatial...] per entry of the samples' side data.</summary>
    public IReadOnlyList<ShapedArray<float>> SideData { get; }

    /// <summary>Number of samples.</summary>
    public int Count => Samples.Count;
}
