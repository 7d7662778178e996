using MLSegmentation.Torch;

namespace MLSegmentation.Trainers.Training;

/// <summary>
/// One step's samples: images [N, C, spatial…] float32, labels [N, spatial…] int64, and the dataset
/// indices they came from (for methods that need per-sample side data). Owns its tensors.
/// </summary>
public sealed class TrainingBatch(Tensor images, Tensor labels, IReadOnlyList<long> sampleIndices) : IDisposable
{
    /// <summary>Images [N, C, spatial…].</summary>
    public Tensor Images { get; } = images;

    /// <summary>Class indices [N, spatial…].</summary>
    public Tensor Labels { get; } = labels;

    /// <summary>Dataset index of each sample.</summary>
    public IReadOnlyList<long> SampleIndices { get; } = sampleIndices;

    /// <summary>Number of samples.</summary>
    public int Count => SampleIndices.Count;

    /// <summary>Releases both tensors.</summary>
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
