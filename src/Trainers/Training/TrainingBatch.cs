using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Transforms;

namespace MLSegmentation.Trainers.Training;

/// <summary>
/// One step's samples: images [N, C, spatial…] float32, labels [N, spatial…] int64, the dataset indices they came
/// from, and the side data the method's <see cref="TrainingMethod.SampleTransforms"/> added (float32 [N, Cs, spatial…]
/// each, in their order; empty from sources that do not run them). Owns its tensors.
/// </summary>
public sealed class TrainingBatch(Tensor images, Tensor labels, IReadOnlyList<long> sampleIndices, IReadOnlyList<Tensor>? sideData = null) : IDisposable
{
    /// <summary>Images [N, C, spatial…].</summary>
    public Tensor Images { get; } = images;

    /// <summary>Class indices [N, spatial…].</summary>
    public Tensor Labels { get; } = labels;

    /// <summary>Dataset index of each sample.</summary>
    public IReadOnlyList<long> SampleIndices { get; } = sampleIndices;

    /// <summary>Per-pixel side data moved with the samples by augmentation, float32 [N, Cs, spatial…] each.</summary>
    public IReadOnlyList<Tensor> SideData { get; } = sideData ?? [];

    /// <summary>
    /// The batch's images, labels and side data as CPU tensors over its arrays (no copy), outside any dispose scope.
    /// </summary>
    /// <param name="batch">A labelled batch.</param>
    /// <param name="what">What the batch is, for the error when it has no labels (e.g. "batch 12").</param>
    /// <exception cref="InvalidOperationException">The batch has no labels.</exception>
    public static TrainingBatch From(Batch batch, string what)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Labels is null) throw new InvalidOperationException($"{what} has no labels: {string.Join(", ", batch.Samples)}");
        Tensor images = torch.tensor(batch.Images.Data, batch.Images.Shape).DetachFromDisposeScope();
        Tensor labels = torch.tensor(batch.Labels.Data, batch.Labels.Shape).DetachFromDisposeScope();
        return new TrainingBatch(images, labels, batch.Plan.SampleIndices, [.. batch.SideData.Select(s => torch.tensor(s.Data, s.Shape).DetachFromDisposeScope())]);
    }

    /// <summary>Number of samples.</summary>
    public int Count => SampleIndices.Count;

    /// <summary>Releases its tensors.</summary>
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
        foreach (Tensor side in SideData) side.Dispose();
    }
}
