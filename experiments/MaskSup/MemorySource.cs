using MLSegmentation.Torch;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;

namespace MLSegmentation.Experiments.MaskSup;

/// <summary>
/// 2D samples held in memory, z-scored with fixed statistics (so MaskSup's fill value 0 is the mean
/// intensity). Training batch k draws its samples from a stream keyed by (order seed, k): the same in every process.
/// </summary>
internal sealed class MemorySource : IBatchSource, IValidationSource
{
    private const long BatchPurpose = 0x42415443; // "BATC"
    private readonly float[][] _images;
    private readonly long[][] _labels;
    private readonly int _batchSize;
    private readonly long _seed;

    public MemorySource(IReadOnlyList<float[]> images, IReadOnlyList<int[]> labels, int height, int width, IReadOnlyList<string> classNames,
        int batchSize, (double Mean, double Sd)? normalisation = null, long orderSeed = 0)
    {
        Normalisation = normalisation ?? Statistics(images);
        (double mean, double sd) = Normalisation;
        _images = images.Select(image => image.Select(v => (float)((v - mean) / sd)).ToArray()).ToArray();
        _labels = labels.Select(l => l.Select(v => (long)v).ToArray()).ToArray();
        Height = height;
        Width = width;
        ClassNames = classNames;
        _batchSize = batchSize;
        _seed = orderSeed;
    }

    /// <summary>Samples <paramref name="first"/>.. of the synthetic benchmark.</summary>
    public static MemorySource Synthetic(SyntheticOptions options, long seed, int first, int count, int batchSize,
        (double Mean, double Sd)? normalisation = null, long orderSeed = 0)
    {
        var generator = new SyntheticDatasetGenerator(options, seed);
        SyntheticSample[] samples = Enumerable.Range(first, count).Select(i => generator.Generate(i)).ToArray();
        return new MemorySource(samples.Select(s => s.Image.Data).ToArray(), samples.Select(s => s.Labels.Data).ToArray(),
            options.Height, options.Width, generator.ClassNames, batchSize, normalisation, orderSeed);
    }

    public (double Mean, double Sd) Normalisation { get; }

    public IReadOnlyList<string> ClassNames { get; }

    public int Height { get; }

    public int Width { get; }

    public int Count => _images.Length;

    public int Classes => ClassNames.Count;

    public int Channels => 1;

    public TrainingBatch GetBatch(long iteration, CancellationToken cancellationToken)
    {
        var random = new SampleRandom(_seed, iteration, BatchPurpose);
        return Make(Enumerable.Range(0, _batchSize).Select(_ => (long)random.NextInt(_images.Length)).ToArray(), null);
    }

    public IEnumerable<TrainingBatch> Batches(CancellationToken cancellationToken) => Batches(null);

    /// <summary>The samples in order, each image with its hole mask (1 = hole) set to 0 when <paramref name="masks"/> is given.</summary>
    public IEnumerable<TrainingBatch> Batches(HoleMaskGenerator? masks)
    {
        for (int first = 0; first < _images.Length; first += _batchSize)
            yield return Make(Enumerable.Range(first, Math.Min(_batchSize, _images.Length - first)).Select(i => (long)i).ToArray(), masks);
    }

    private TrainingBatch Make(long[] indices, HoleMaskGenerator? masks)
    {
        float[] pixels = indices.SelectMany(i => Masked(i, masks)).ToArray();
        long[] labels = indices.SelectMany(i => _labels[i]).ToArray();
        return new TrainingBatch(
            torch.tensor(pixels, indices.Length, 1, Height, Width).DetachFromDisposeScope(),
            torch.tensor(labels, indices.Length, Height, Width).DetachFromDisposeScope(),
            indices);
    }

    private float[] Masked(long index, HoleMaskGenerator? masks)
    {
        if (masks is null) return _images[index];
        float[] hole = masks.Generate(Height, Width, index).Data;
        return _images[index].Select((v, i) => hole[i] == 1 ? 0f : v).ToArray();
    }

    private static (double, double) Statistics(IReadOnlyList<float[]> images)
    {
        double n = 0, sum = 0, squares = 0;
        foreach (float v in images.SelectMany(image => image))
        {
            n++;
            sum += v;
            squares += (double)v * v;
        }
        double mean = sum / n;
        return (mean, Math.Sqrt(Math.Max(squares / n - mean * mean, 1e-12)));
    }
}
