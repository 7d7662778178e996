using System.Collections.Concurrent;

namespace MLSegmentation.Transforms;

/// <summary>
/// Turns a dataset into a stream of batches for training. Batch <c>k</c> of a run is a pure function of
/// (options, seed, k): epoch <c>e = k / StepsPerEpoch</c> visits the samples in a permutation drawn from
/// (seed, e), and each sample is augmented with index <c>e × Count + i</c>, so the same batches come out
/// whatever the number of workers, and a run resumed at step <c>k</c> (<see cref="Start"/> with
/// <c>fromStep</c> = k) continues exactly as the uninterrupted run would have.
/// </summary>
/// <remarks>
/// <see cref="GetBatch"/> builds one batch on the calling thread; <see cref="Start"/> prefetches on
/// background workers into a bounded queue. Both are thread-safe.
/// </remarks>
public sealed class BatchLoader
{
    /// <summary>The <see cref="SampleRandom"/> purpose key of the epoch permutations.</summary>
    public const long RandomPurpose = 0x4F524452; // "ORDR"

    private readonly TransformPipeline? _augmentation;
    private readonly ConcurrentDictionary<string, SkippedSample> _skipped = new(StringComparer.Ordinal);
    private volatile Tuple<int, int[]>? _lastOrder;

    /// <summary>Creates a loader.</summary>
    /// <param name="dataset">The samples.</param>
    /// <param name="options">Batch size, seed, workers, …; the defaults when null.</param>
    /// <param name="augmentation">Applied to each sample with its augmentation index; none when null.</param>
    public BatchLoader(ISegmentationDataset dataset, BatchLoaderOptions? options = null, TransformPipeline? augmentation = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        Options = options ?? new BatchLoaderOptions();
        Options.Validate();
        if (dataset.Count == 0)
        {
            throw new ArgumentException("The dataset is empty.", nameof(dataset));
        }

        if (Options.DropLast && dataset.Count < Options.BatchSize)
        {
            throw new ArgumentException($"The dataset has {dataset.Count} samples, fewer than one batch of {Options.BatchSize} (DropLast is on).", nameof(dataset));
        }

        Dataset = dataset;
        _augmentation = augmentation;
        StepsPerEpoch = Options.DropLast ? dataset.Count / Options.BatchSize : (dataset.Count + Options.BatchSize - 1) / Options.BatchSize;
    }

    /// <summary>The samples.</summary>
    public ISegmentationDataset Dataset { get; }

    /// <summary>The options.</summary>
    public BatchLoaderOptions Options { get; }

    /// <summary>Batches per epoch.</summary>
    public int StepsPerEpoch { get; }

    /// <summary>The samples skipped so far (with <see cref="BatchLoaderOptions.SkipBadSamples"/>), one per file.</summary>
    public IReadOnlyCollection<SkippedSample> Skipped => [.. _skipped.Values.OrderBy(s => s.FilePath, StringComparer.Ordinal)];

    /// <summary>Which samples batch <paramref name="step"/> holds. Pure: depends only on the options and the step.</summary>
    public BatchPlan Plan(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        long epochLong = step / StepsPerEpoch;
        if (epochLong > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "Step beyond the last epoch.");
        }

        int epoch = (int)epochLong;
        int within = (int)(step % StepsPerEpoch);
        int[] order = Order(epoch);
        int first = within * Options.BatchSize;
        int count = Math.Min(Options.BatchSize, order.Length - first);
        int[] indices = order[first..(first + count)];
        long[] sampleIndices = [.. indices.Select(i => (long)epoch * Dataset.Count + i)];
        return new BatchPlan(step, epoch, indices, sampleIndices);
    }

    /// <summary>Builds batch <paramref name="step"/> on the calling thread.</summary>
    /// <exception cref="DatasetException">A sample is bad (and skipping is off), or samples differ in size; the message names the file.</exception>
    public Batch GetBatch(long step) => Assemble(Plan(step)).ToBatch();

    /// <summary>
    /// Starts background workers that prepare batches <paramref name="fromStep"/>, <paramref name="fromStep"/> + 1, …
    /// (<paramref name="steps"/> of them, or without end when null). Dispose the stream to stop them.
    /// </summary>
    public BatchFeed Start(long fromStep = 0, long? steps = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromStep);
        if (steps is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), steps, "The number of steps cannot be negative.");
        }

        return new BatchFeed(this, fromStep, steps is long s ? fromStep + s : long.MaxValue, cancellationToken);
    }

    /// <summary>Loads, augments and stacks the samples of <paramref name="plan"/> into arrays.</summary>
    internal BatchData Assemble(BatchPlan plan)
    {
        int n = plan.Indices.Count;
        var infos = new SampleInfo[n];
        var samples = new SegmentationSample[n];
        for (int j = 0; j < n; j++)
        {
            (infos[j], SegmentationSample sample) = LoadOrSubstitute(plan.Indices[j]);
            samples[j] = Augment(infos[j], sample, plan.SampleIndices[j]);
        }

        return Stack(plan, infos, samples);
    }

    private (SampleInfo, SegmentationSample) LoadOrSubstitute(int index)
    {
        DatasetException? first = null;
        for (int attempt = 0; attempt < Dataset.Count; attempt++)
        {
            int i = (index + attempt) % Dataset.Count;
            SampleInfo info = Dataset.GetInfo(i);
            try
            {
                return (info, LoadNamed(i, info));
            }
            catch (DatasetException e) when (Options.SkipBadSamples)
            {
                first ??= e;
                var skipped = new SkippedSample(e.FilePath ?? info.ImagePaths[0], e.Problem);
                if (_skipped.TryAdd(skipped.FilePath, skipped))
                {
                    Options.SampleSkipped?.Invoke(skipped);
                }
            }
        }

        throw new DatasetException($"Every sample of the dataset failed to load; the first error: {first!.Message}", first);
    }

    /// <summary>Loads sample <paramref name="index"/>; a custom dataset's I/O or format error becomes a <see cref="DatasetException"/> naming the sample's file.</summary>
    private SegmentationSample LoadNamed(int index, SampleInfo info)
    {
        try
        {
            return Dataset.Load(index);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            throw new DatasetException(info.ImagePaths[0], $"{info} failed to load: {e.Message}", e);
        }
    }

    private SegmentationSample Augment(SampleInfo info, SegmentationSample sample, long sampleIndex)
    {
        if (_augmentation is null)
        {
            return sample;
        }

        try
        {
            return _augmentation.Apply(sample, sampleIndex);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw new DatasetException(info.ImagePaths[0], $"augmentation failed for {info}: {e.Message}", e);
        }
    }

    private static BatchData Stack(BatchPlan plan, SampleInfo[] infos, SegmentationSample[] samples)
    {
        SegmentationSample first = samples[0];
        int n = samples.Length;
        int channels = first.Image.Channels;
        int voxels = first.Image.VoxelCount;
        long[] spatial = [.. first.Image.Size.Select(s => (long)s)];
        int sideCount = first.SideData?.Count ?? 0;
        var images = new float[(long)n * channels * voxels];
        long[]? labels = first.Labels is null ? null : new long[(long)n * voxels];
        var side = new (float[] Data, long[] Shape)[sideCount];
        for (int k = 0; k < sideCount; k++)
        {
            int c = first.SideData![k].Channels;
            side[k] = (new float[(long)n * c * voxels], [n, c, .. spatial]);
        }

        for (int j = 0; j < n; j++)
        {
            SegmentationSample s = samples[j];
            string file = infos[j].ImagePaths[0];
            if (s.Image.Channels != channels || !s.Image.Size.SequenceEqual(first.Image.Size))
            {
                throw new DatasetException(file, $"the sample is {s.Image.Channels} channel(s) of [{string.Join("×", s.Image.Size)}] but the batch's first sample '{infos[0].ImagePaths[0]}' is {channels} of [{string.Join("×", first.Image.Size)}]; add a Resize or crop so that samples share one size", null);
            }

            try
            {
                s.Validate();
            }
            catch (ArgumentException e)
            {
                throw new DatasetException(file, e.Message, e);
            }

            s.Image.Data.CopyTo(images, (long)j * channels * voxels);
            if ((s.Labels is null) != (labels is null))
            {
                throw new DatasetException(file, "some samples of the batch have labels and others not", null);
            }

            if (labels is not null)
            {
                int[] l = s.Labels!.Data;
                long o = (long)j * voxels;
                for (int i = 0; i < l.Length; i++)
                {
                    labels[o + i] = l[i];
                }
            }

            if ((s.SideData?.Count ?? 0) != sideCount)
            {
                throw new DatasetException(file, $"the sample has {s.SideData?.Count ?? 0} side-data entries, the batch's first sample {sideCount}", null);
            }

            for (int k = 0; k < sideCount; k++)
            {
                Image d = s.SideData![k];
                long c = side[k].Shape[1];
                if (d.Channels != c)
                {
                    throw new DatasetException(file, $"side data {k} has {d.Channels} channel(s), the batch's first sample {c}", null);
                }

                d.Data.CopyTo(side[k].Data, j * c * voxels);
            }
        }

        return new BatchData(plan, infos, images, [n, channels, .. spatial], labels, [n, .. spatial], side);
    }

    private int[] Order(int epoch)
    {
        Tuple<int, int[]>? last = _lastOrder;
        if (last is not null && last.Item1 == epoch)
        {
            return last.Item2;
        }

        int[] order = [.. Enumerable.Range(0, Dataset.Count)];
        if (Options.Shuffle)
        {
            var random = new SampleRandom(Options.Seed, epoch, RandomPurpose);
            for (int i = order.Length - 1; i > 0; i--)
            {
                int j = random.NextInt(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
        }

        _lastOrder = Tuple.Create(epoch, order);
        return order;
    }
}
