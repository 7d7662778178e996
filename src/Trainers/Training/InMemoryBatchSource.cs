using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Transforms;

namespace MLSegmentation.Trainers.Training;

/// <summary>
/// Single-channel 2D images and label maps held in memory: training batches drawn with replacement from a
/// stream seeded by (seed, step), so batch k is the same whenever it is asked for, and validation batches in
/// order. For experiments and small tasks; datasets on disk go through <see cref="DatasetBatchSource"/>.
/// </summary>
public sealed class InMemoryBatchSource : IBatchSource, IValidationSource
{
    private readonly float[][] _images;
    private readonly long[][] _labels;
    private readonly int _batchSize;
    private readonly long _seed;

    /// <summary>Holds <paramref name="images"/> (H·W values each) and <paramref name="labels"/> (H·W class indices each); not copied.</summary>
    public InMemoryBatchSource(float[][] images, long[][] labels, int height, int width, IReadOnlyList<string> classNames, int batchSize, long seed)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classNames);
        if (images.Length == 0 || images.Length != labels.Length)
            throw new ArgumentException($"{images.Length} images and {labels.Length} label maps: need the same non-zero number", nameof(labels));
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _images = images;
        _labels = labels;
        Height = height;
        Width = width;
        ClassNames = classNames;
        _batchSize = batchSize;
        _seed = seed;
    }

    /// <summary>Samples <paramref name="firstIndex"/>… of the synthetic benchmark, intensities scaled to [0, 1].</summary>
    public static InMemoryBatchSource Synthetic(SyntheticOptions options, long dataSeed, long firstIndex, int count, int batchSize, long seed)
    {
        var generator = new SyntheticDatasetGenerator(options, dataSeed);
        SyntheticSample[] samples = Enumerable.Range(0, count).Select(i => generator.Generate(firstIndex + i)).ToArray();
        return new InMemoryBatchSource(
            samples.Select(s => s.Image.Data.Select(v => v / 255f).ToArray()).ToArray(),
            samples.Select(s => s.Labels.Data.Select(l => (long)l).ToArray()).ToArray(),
            samples[0].Image.Height, samples[0].Image.Width, generator.ClassNames, batchSize, seed);
    }

    /// <summary>The same images in batches of another size and order seed.</summary>
    public InMemoryBatchSource With(int batchSize, long seed) => new(_images, _labels, Height, Width, ClassNames, batchSize, seed);

    /// <summary>Class names, background first.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <inheritdoc/>
    public int Classes => ClassNames.Count;

    /// <inheritdoc/>
    public int Channels => 1;

    /// <summary>Image height.</summary>
    public int Height { get; }

    /// <summary>Image width.</summary>
    public int Width { get; }

    /// <summary>Number of images.</summary>
    public int Count => _images.Length;

    /// <summary>The label maps (not copied).</summary>
    public IReadOnlyList<long[]> Labels => _labels;

    /// <inheritdoc/>
    public TrainingBatch GetBatch(long iteration, CancellationToken cancellationToken)
    {
        var random = new Random(unchecked((int)(_seed * 1_000_003 + iteration * 7919))); // not HashCode.Combine: it is randomised per process
        long[] indices = Enumerable.Range(0, _batchSize).Select(_ => (long)random.Next(_images.Length)).ToArray();
        return Make(indices);
    }

    /// <inheritdoc/>
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
            torch.tensor(pixels, [indices.Length, 1, Height, Width]).DetachFromDisposeScope(),
            torch.tensor(labels, [indices.Length, Height, Width]).DetachFromDisposeScope(),
            indices);
    }
}
