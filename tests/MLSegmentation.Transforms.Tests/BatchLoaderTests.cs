namespace MLSegmentation.Transforms.Tests;

public sealed class BatchLoaderTests
{
    /// <summary>Synthetic samples generated on demand, counting loads; index <see cref="BadIndex"/> fails like a corrupt file.</summary>
    private sealed class SyntheticSet(int count, int size = 24, int badIndex = -1) : ISegmentationDataset
    {
        private readonly SyntheticDatasetGenerator _generator = new(new SyntheticOptions { Height = size, Width = size }, seed: 4);
        private int _loads;

        public int BadIndex => badIndex;

        public int Loads => Volatile.Read(ref _loads);

        public int Count => count;

        public IReadOnlyList<string> ClassNames => _generator.ClassNames;

        public SampleInfo GetInfo(int index) => new($"s{index}", [$"/data/s{index}.png"], $"/data/m{index}.png");

        public SegmentationSample Load(int index)
        {
            Interlocked.Increment(ref _loads);
            if (index == badIndex)
            {
                throw new DatasetException($"/data/s{index}.png", "CRC mismatch in chunk 'IDAT' (the file is corrupt)", null);
            }

            SyntheticSample s = _generator.Generate(index);
            return new SegmentationSample(s.Image, s.Labels);
        }
    }

    private static TransformPipeline Augmentation() =>
        new(seed: 21, new RandomFlip(0), new RandomFlip(1), new RandomRotation(20), new RandomScaling(0.8, 1.2));

    private static (float[] Images, long[] Labels, int[] Indices) Snapshot(Batch b)
    {
        return (b.Images.Data, b.Labels!.Data, [.. b.Plan.Indices]);
    }

    private static List<(float[] Images, long[] Labels, int[] Indices)> Run(BatchLoader loader, long from, long steps)
    {
        using BatchFeed feed = loader.Start(from, steps);
        return [.. feed.Select(Snapshot)];
    }

    [Test]
    public void BatchesAreFloatImagesNCHWAndInt64LabelsNHWEqualToTheSamples()
    {
        var data = new SyntheticSet(6);
        var loader = new BatchLoader(data, new BatchLoaderOptions { BatchSize = 4, Shuffle = false, DropLast = false, Workers = 1 });

        Assert.That(loader.StepsPerEpoch, Is.EqualTo(2));
        Batch b = loader.GetBatch(0);
        Assert.Multiple(() =>
        {
            Assert.That(b.Images.Shape, Is.EqualTo(new long[] { 4, 1, 24, 24 }));
            Assert.That(b.Images.Data, Has.Length.EqualTo(4 * 576));
            Assert.That(b.Labels!.Shape, Is.EqualTo(new long[] { 4, 24, 24 }));
            float[] images = b.Images.Data;
            long[] labels = b.Labels.Data;
            SegmentationSample s2 = data.Load(2);
            Assert.That(images.AsSpan(2 * 576, 576).ToArray(), Is.EqualTo(s2.Image.Data));
            Assert.That(labels.AsSpan(2 * 576, 576).ToArray(), Is.EqualTo(s2.Labels!.Data.Select(l => (long)l).ToArray()));
        });

        Batch last = loader.GetBatch(1);
        Assert.That(last.Count, Is.EqualTo(2));
        Assert.That(last.Plan.Indices, Is.EqualTo(new[] { 4, 5 }));
        Assert.That(loader.GetBatch(2).Plan.Epoch, Is.EqualTo(1));
    }

    [Test]
    public void EachEpochIsASeededPermutation()
    {
        var loader = new BatchLoader(new SyntheticSet(10), new BatchLoaderOptions { BatchSize = 5, Seed = 3 });
        int[] epoch0 = [.. loader.Plan(0).Indices, .. loader.Plan(1).Indices];
        int[] epoch1 = [.. loader.Plan(2).Indices, .. loader.Plan(3).Indices];

        Assert.That(epoch0, Is.EquivalentTo(Enumerable.Range(0, 10)));
        Assert.That(epoch1, Is.EquivalentTo(Enumerable.Range(0, 10)));
        Assert.That(epoch1, Is.Not.EqualTo(epoch0));
        Assert.That(loader.Plan(3).SampleIndices[0], Is.EqualTo(10 + loader.Plan(3).Indices[0]));
        Assert.That(new BatchLoader(new SyntheticSet(10), new BatchLoaderOptions { BatchSize = 5, Seed = 3 }).Plan(1).Indices, Is.EqualTo(loader.Plan(1).Indices));
    }

    [Test]
    public void OneWorkerAndFourWorkersGiveIdenticalAugmentedBatches()
    {
        var data = new SyntheticSet(10);
        var one = new BatchLoader(data, new BatchLoaderOptions { BatchSize = 4, Seed = 8, Workers = 1 }, Augmentation());
        var four = new BatchLoader(data, new BatchLoaderOptions { BatchSize = 4, Seed = 8, Workers = 4, Prefetch = 3 }, Augmentation());

        var a = Run(one, 0, 6); // three epochs of two batches
        var b = Run(four, 0, 6);

        Assert.That(a, Has.Count.EqualTo(6));
        for (int k = 0; k < 6; k++)
        {
            Assert.That(b[k].Indices, Is.EqualTo(a[k].Indices), $"step {k}");
            Assert.That(b[k].Images, Is.EqualTo(a[k].Images), $"step {k}");
            Assert.That(b[k].Labels, Is.EqualTo(a[k].Labels), $"step {k}");
        }

        // The augmentation index includes the epoch: the same samples are augmented afresh each epoch.
        var ordered = new BatchLoader(data, new BatchLoaderOptions { BatchSize = 4, Shuffle = false, Workers = 1 }, Augmentation());
        var epoch0 = Snapshot(ordered.GetBatch(0));
        var epoch1 = Snapshot(ordered.GetBatch(2));
        Assert.That(epoch1.Indices, Is.EqualTo(epoch0.Indices));
        Assert.That(epoch1.Images, Is.Not.EqualTo(epoch0.Images));
        Assert.That(Snapshot(ordered.GetBatch(2)).Images, Is.EqualTo(epoch1.Images));
    }

    [Test]
    public void ResumingAtStepKContinuesTheUninterruptedSequence()
    {
        var data = new SyntheticSet(7);
        var options = new BatchLoaderOptions { BatchSize = 3, Seed = 5, Workers = 2 };
        var whole = Run(new BatchLoader(data, options, Augmentation()), 0, 8);
        var resumed = Run(new BatchLoader(data, options, Augmentation()), 5, 3);
        var single = Snapshot(new BatchLoader(data, options, Augmentation()).GetBatch(6));

        Assert.That(resumed, Has.Count.EqualTo(3));
        for (int k = 0; k < 3; k++)
        {
            Assert.That(resumed[k].Indices, Is.EqualTo(whole[5 + k].Indices));
            Assert.That(resumed[k].Images, Is.EqualTo(whole[5 + k].Images));
            Assert.That(resumed[k].Labels, Is.EqualTo(whole[5 + k].Labels));
        }

        Assert.That(single.Images, Is.EqualTo(whole[6].Images));
    }

    [Test]
    public void ABadSampleSurfacesOnTheConsumerThreadNamingTheFileAndLaterBatchesStillCome()
    {
        var data = new SyntheticSet(6, badIndex: 1);
        var loader = new BatchLoader(data, new BatchLoaderOptions { BatchSize = 2, Shuffle = false, Workers = 2 });
        using BatchFeed feed = loader.Start(0, 3);

        int consumer = Environment.CurrentManagedThreadId;
        var e = Assert.Throws<DatasetException>(() => feed.Next())!;
        Assert.That(e.Message, Does.Contain("/data/s1.png").And.Contain("corrupt"));
        Assert.That(e.StackTrace, Is.Not.Null);
        Assert.That(Environment.CurrentManagedThreadId, Is.EqualTo(consumer));
        Assert.That(feed.Next()!.Step, Is.EqualTo(1));
        Assert.That(feed.Next()!.Step, Is.EqualTo(2));

        Assert.That(feed.Next(), Is.Null);
    }

    [Test]
    public void SkippingBadSamplesSubstitutesTheNextOneAndReportsTheFileOnce()
    {
        var data = new SyntheticSet(6, badIndex: 1);
        var warnings = new System.Collections.Concurrent.ConcurrentBag<SkippedSample>();
        var loader = new BatchLoader(data, new BatchLoaderOptions { BatchSize = 2, Shuffle = false, Workers = 2, SkipBadSamples = true, SampleSkipped = warnings.Add });

        var batches = Run(loader, 0, 6);

        Assert.That(batches, Has.Count.EqualTo(6));
        Assert.That(warnings.Select(w => w.FilePath), Is.EqualTo(new[] { "/data/s1.png" }));
        Assert.That(loader.Skipped.Single().Problem, Does.Contain("corrupt"));
        Batch first = loader.GetBatch(0);
        Assert.That(first.Samples.Select(s => s.Id), Is.EqualTo(new[] { "s0", "s2" }));
    }

    [Test]
    public void SamplesOfDifferentSizesAreAnErrorNamingTheFile()
    {
        var files = new FileSegmentationDataset(
            [new SampleInfo("a", [Path.Combine(TestData.TempFolder(), "a.png")], null), new SampleInfo("b", [Path.Combine(TestData.TempFolder(), "b.png")], null)], []);
        PngFile.WriteImage(files.GetInfo(0).ImagePaths[0], new Image(1, [4, 4]));
        PngFile.WriteImage(files.GetInfo(1).ImagePaths[0], new Image(1, [4, 5]));
        var loader = new BatchLoader(files, new BatchLoaderOptions { BatchSize = 2, Shuffle = false, Workers = 1 });

        var e = Assert.Throws<DatasetException>(() => loader.GetBatch(0))!;
        Assert.That(e.Message, Does.Contain(files.GetInfo(1).ImagePaths[0]).And.Contain("Resize"));
    }

    [Test]
    public void PrefetchIsBoundedAndCancellationStopsTheFeed()
    {
        var data = new SyntheticSet(64, size: 16);
        var loader = new BatchLoader(data, new BatchLoaderOptions { BatchSize = 2, Workers = 2, Prefetch = 3 });
        using var cancel = new CancellationTokenSource();
        using BatchFeed feed = loader.Start(cancellationToken: cancel.Token);

        Thread.Sleep(250);
        Assert.That(data.Loads, Is.LessThanOrEqualTo(3 * 2));
        _ = feed.Next()!;
        Thread.Sleep(150);
        Assert.That(data.Loads, Is.LessThanOrEqualTo(4 * 2));

        cancel.Cancel();
        Thread.Sleep(50);
        Assert.Throws<OperationCanceledException>(() =>
        {
            while (true)
            {
                _ = feed.Next();
            }
        });
    }

    [Test]
    public void UnlabelledSamplesGiveNoLabelTensor()
    {
        var files = new FileSegmentationDataset([new SampleInfo("a", [Path.Combine(TestData.TempFolder(), "a.png")], null)], []);
        PngFile.WriteImage(files.GetInfo(0).ImagePaths[0], new Image(3, [2, 2]));

        Batch b = new BatchLoader(files, new BatchLoaderOptions { BatchSize = 1, Workers = 1 }).GetBatch(0);
        Assert.That(b.Labels, Is.Null);
        Assert.That(b.Images.Shape, Is.EqualTo(new long[] { 1, 3, 2, 2 }));
    }
}
