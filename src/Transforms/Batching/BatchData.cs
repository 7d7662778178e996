using MLSegmentation.Torch;

namespace MLSegmentation.Transforms;

/// <summary>A batch assembled in managed arrays on a worker thread; turned into tensors on the consumer's thread.</summary>
internal sealed record BatchData(BatchPlan Plan, SampleInfo[] Samples, float[] Images, long[] ImageShape, long[]? Labels, long[] LabelShape, (float[] Data, long[] Shape)[] SideData)
{
    /// <summary>The batch as tensors over these arrays.</summary>
    public Batch ToBatch()
    {
        Tensor images = torch.from_array(Images, ImageShape);
        Tensor? labels = Labels is null ? null : torch.from_array(Labels, LabelShape);
        Tensor[] side = [.. SideData.Select(s => torch.from_array(s.Data, s.Shape))];
        return new Batch(Plan, Samples, images, labels, side);
    }
}
