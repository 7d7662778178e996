using MLSegmentation.Torch;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;

namespace MLSegmentation.Experiments.Contrastive;

/// <summary>Images and label maps in memory: training batches as a pure function of (seed, step), and validation batches in order.</summary>
internal sealed class MemorySource : IBatchSource, IValidationSource
{
    private readonly float[][] _images;
    private readonly long[][] _labels;
    private readonly int _batchSize;
    private readonly long _seed;

    public MemorySource(float[][] images, long[][] labels, int height, int width, IReadOnlyList<string> classNames, int batchSize, long seed)
    {
        _images = images;
        _labels = labels;
        Height = height;
        Width = width;
        Classes = classNames.Count;
        ClassNames = classNames;
        _batchSize = batchSize;
        _seed = seed;
    }

    /// <summary>Synthetic images <paramref name="firstIndex"/>… of the generator seeded by <paramref name="dataSeed"/>, intensities / 255.</summary>
    public static MemorySource Synthetic(SyntheticOptions options, long dataSeed, long firstIndex, int count, int batchSize, long seed)
    {
        var generator = new SyntheticDatasetGenerator(options, dataSeed);
        SyntheticSample[] samples = Enumerable.Range(0, count).Select(i => generator.Generate(firstIndex + i)).ToArray();
        return new MemorySource(samples.Select(s => s.Image.Data.Select(v => v / 255f).ToArray()).ToArray(),
            samples.Select(s => s.Labels.Data.Select(l => (long)l).ToArray()).ToArray(), options.Height, options.Width, generator.ClassNames, batchSize, seed);
    }

    /// <summary>The same images with another batch size and seed.</summary>
    public MemorySource With(int batchSize, long seed) => new(_images, _labels, Height, Width, ClassNames, batchSize, seed);

    public int Classes { get; }

    public IReadOnlyList<string> ClassNames { get; }

    public int Channels => 1;

    public int Count => _images.Length;

    public int Height { get; }

    public int Width { get; }

    public TrainingBatch GetBatch(long iteration, CancellationToken cancellationToken)
    {
        var random = new Random(unchecked((int)(_seed * 1_000_003 + iteration * 7919)));
        long[] indices = Enumerable.Range(0, _batchSize).Select(_ => (long)random.Next(_images.Length)).ToArray();
        return Make(indices);
    }

    public IEnumerable<TrainingBatch> Batches(CancellationToken cancellationToken)
    {
        for (int first = 0; first < _images.Length; first += _batchSize)
            yield return Make(Enumerable.Range(first, Math.Min(_batchSize, _images.Length - first)).Select(i => (long)i).ToArray());
    }

    private TrainingBatch Make(long[] indices)
    {
        float[] pixels = indices.SelectMany(i => _images[i]).ToArray();
        long[] labels = indices.SelectMany(i => _labels[i]).ToArray();
        return new TrainingBatch(
            torch.tensor(pixels, indices.Length, 1, Height, Width).DetachFromDisposeScope(),
            torch.tensor(labels, indices.Length, Height, Width).DetachFromDisposeScope(),
            indices);
    }
}
