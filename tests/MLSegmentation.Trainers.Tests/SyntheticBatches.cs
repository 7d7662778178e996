using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;

namespace MLSegmentation.Trainers.Tests;

/// <summary>The synthetic benchmark (32×32, 3 classes by default) held in memory as a batch and validation source.</summary>
internal static class SyntheticBatches
{
    public static InMemoryBatchSource Create(int count, int batchSize, long seed, long firstIndex = 0, SyntheticOptions? options = null) =>
        InMemoryBatchSource.Synthetic(options ?? new SyntheticOptions { Height = 32, Width = 32, ClassCount = 3 }, seed, firstIndex, count, batchSize, seed);
}
