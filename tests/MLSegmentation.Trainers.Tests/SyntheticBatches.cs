using MLSegmentation.Torch;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;

namespace MLSegmentation.Trainers.Tests;

/// <summary>The synthetic benchmark held in memory as a batch source: batch k draws samples from a stream seeded by (seed, k).</summary>
internal sealed class SyntheticBatches : IBatchSource, IValidationSource
{
    private readonly float[][] _images;
    private readonly long[][] _labels;
    private readonly int _height, _width, _batchSize;
    private readonly long _seed;

    public SyntheticBatches(int count, int batchSize, long seed, long firstIndex = 0, SyntheticOptions? options = null)
    {
        var generator = new SyntheticDatasetGenerator(options ?? new SyntheticOptions { Height = 32, Width = 32, ClassCount = 3 }, seed);
        var samples = Enumerable.Range(0, count).Select(i => generator.Generate(firstIndex + i)).ToArray();
        _images = samples.Select(s => s.Image.Data.Select(v => v / 255f).ToArray()).ToArray();
        _labels = samples.Select(s => s.Labels.Data.Select(l => (long)l).ToArray()).ToArray();
        _height = samples[0].Image.Height;
        _width = samples[0].Image.Width;
        Classes = generator.ClassNames.Count;
        _batchSize = batchSize;
        _seed = seed;
    }

    public int Classes { get; }

    public int Channels => 1;

    public TrainingBatch GetBatch(long iteration, CancellationToken cancellationToken)
    {
        var random = new Random(unchecked((int)(_seed * 1_000_003 + iteration))); // not HashCode: it is randomised per process
        long[] indices = Enumerable.Range(0, _batchSize).Select(_ => (long)random.Next(_images.Length)).ToArray();
        return Make(indices);
    }

    public IEnumerable<TrainingBatch> Batches(CancellationToken cancellationToken)
    {
        for (long first = 0; first < _images.Length; first += _batchSize)
            yield return Make(Enumerable.Range((int)first, (int)Math.Min(_batchSize, _images.Length - first)).Select(i => (long)i).ToArray());
    }

    private TrainingBatch Make(long[] indices)
    {
        float[] pixels = indices.SelectMany(i => _images[i]).ToArray();
        long[] labels = indices.SelectMany(i => _labels[i]).ToArray();
        return new TrainingBatch(
            torch.tensor(pixels, indices.Length, 1, _height, _width).DetachFromDisposeScope(),
            torch.tensor(labels, indices.Length, _height, _width).DetachFromDisposeScope(),
            indices);
    }
}
