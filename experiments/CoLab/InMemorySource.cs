using MLSegmentation.Torch;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;

namespace MLSegmentation.Experiments.CoLab;

/// <summary>2D images held in memory: a training source (batch k drawn from a stream seeded by (seed, k)) and an ordered evaluation set.</summary>
internal sealed class InMemorySource : IBatchSource, IValidationSource
{
    private readonly float[][] _images;
    private readonly long[][] _labels;
    private readonly int _batchSize;
    private readonly long _seed;

    public InMemorySource(float[][] images, long[][] labels, int height, int width, int classes, int batchSize, long seed)
    {
        _images = images;
        _labels = labels;
        Height = height;
        Width = width;
        Classes = classes;
        _batchSize = batchSize;
        _seed = seed;
    }

    /// <summary>Samples firstIndex… of the synthetic benchmark, intensities scaled to [0, 1].</summary>
    public static InMemorySource Synthetic(SyntheticOptions options, long dataSeed, int count, long firstIndex, int batchSize, long seed)
    {
        var generator = new SyntheticDatasetGenerator(options, dataSeed);
        SyntheticSample[] samples = Enumerable.Range(0, count).Select(i => generator.Generate(firstIndex + i)).ToArray();
        return new InMemorySource(
            samples.Select(s => s.Image.Data.Select(v => v / 255f).ToArray()).ToArray(),
            samples.Select(s => s.Labels.Data.Select(l => (long)l).ToArray()).ToArray(),
            samples[0].Image.Height, samples[0].Image.Width, generator.ClassNames.Count, batchSize, seed);
    }

    /// <summary>The same images in batches of another size and order seed.</summary>
    public InMemorySource With(int batchSize, long seed) => new(_images, _labels, Height, Width, Classes, batchSize, seed);

    public int Classes { get; }

    public int Channels => 1;

    public int Height { get; }

    public int Width { get; }

    public int Count => _images.Length;

    /// <summary>Share of pixels that are ROI, over all images.</summary>
    public double RoiShare => _labels.Sum(l => l.LongCount(v => v > 0)) / (double)(_labels.Length * (long)Height * Width);

    public TrainingBatch GetBatch(long iteration, CancellationToken cancellationToken)
    {
        var random = new Random(unchecked((int)(_seed * 1_000_003 + iteration * 7919))); // not HashCode.Combine: it is randomised per process
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
            torch.tensor(pixels, indices.Length, 1, Height, Width).DetachFromDisposeScope(),
            torch.tensor(labels, indices.Length, Height, Width).DetachFromDisposeScope(),
            indices);
    }
}
