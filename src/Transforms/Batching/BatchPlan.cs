namespace MLSegmentation.Transforms;

/// <summary>What batch number <see cref="Step"/> of a run holds: a pure function of (seed, step).</summary>
/// <param name="Step">The global step (batch number since the start of training).</param>
/// <param name="Epoch">The epoch the step falls in.</param>
/// <param name="Indices">The dataset indices of the batch's samples.</param>
/// <param name="SampleIndices">The augmentation index of each sample: epoch × dataset count + dataset index.</param>
public sealed record BatchPlan(long Step, int Epoch, IReadOnlyList<int> Indices, IReadOnlyList<long> SampleIndices);
