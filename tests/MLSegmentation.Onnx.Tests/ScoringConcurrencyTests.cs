#pragma warning disable CA1861 // Tests spell their expected arrays inline.
using MLSegmentation.Transforms;

namespace MLSegmentation.Onnx.Tests.Scoring;

public class ScoringConcurrencyTests
{
    private static Image Noise(int seed, int h = 24, int w = 20)
    {
        var random = new Random(seed);
        var data = new float[h * w];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = random.Next(256);
        }
        return new Image(1, [h, w], data);
    }

    [Test]
    public void FourThreadsAtOnceGiveTheSequentialResults()
    {
        using var segmenter = new OnnxSegmenter(ScoringData.Segmenter, new OnnxSegmenterOptions { BatchSize = 5, OutputProbabilities = true, IntraOpThreads = 1 });
        var images = ScoringData.ImageFiles.Select(PngFile.ReadImage).ToArray();
        var sequential = segmenter.Score(images).ToArray();

        var concurrent = new SegmentationResult[4][];
        using var start = new Barrier(4);
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            // Each thread scores the images in its own rotated order.
            var order = images.Skip(t * 3).Concat(images.Take(t * 3)).ToArray();
            var results = segmenter.Score(order).ToArray();
            concurrent[t] = [.. results.Skip(images.Length - t * 3), .. results.Take(images.Length - t * 3)];
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        for (var t = 0; t < 4; t++)
        {
            Assert.That(concurrent[t], Has.Length.EqualTo(images.Length), $"thread {t}");
            for (var i = 0; i < images.Length; i++)
            {
                Assert.That(concurrent[t][i].Labels.Data, Is.EqualTo(sequential[i].Labels.Data), $"thread {t}, image {i}");
                Assert.That(concurrent[t][i].Probabilities!.Data, Is.EqualTo(sequential[i].Probabilities!.Data).Within(1e-6f), $"thread {t}, image {i}");
            }
        }
    }

    [Test]
    public void AStreamIsNeverReadFarAheadOfItsResults()
    {
        using var segmenter = new OnnxSegmenter(ScoringData.Segmenter, new OnnxSegmenterOptions { BatchSize = 8, PrefetchBatches = 2 });
        var produced = 0;
        IEnumerable<Image> Images()
        {
            for (var i = 0; i < 1500; i++)
            {
                Interlocked.Increment(ref produced);
                yield return Noise(i, 8, 8);
            }
        }

        var maxAhead = 0L;
        var count = 0;
        foreach (var result in segmenter.Score(Images()))
        {
            Assert.That(result.Index, Is.EqualTo(count));
            maxAhead = Math.Max(maxAhead, Volatile.Read(ref produced) - result.Index);
            count++;
        }
        Assert.That(count, Is.EqualTo(1500));
        // Bounded: about (queue + running + finished) batches, whatever the stream's length.
        Assert.That(maxAhead, Is.LessThanOrEqualTo(8 * 8));
    }

    [Test]
    public async Task CancellationStopsCleanlyAndTheSegmenterStaysUsable()
    {
        using var segmenter = new OnnxSegmenter(ScoringData.Segmenter, new OnnxSegmenterOptions { BatchSize = 4 });
        var produced = 0;
        IEnumerable<Image> Images()
        {
            for (var i = 0; i < 100_000; i++)
            {
                Interlocked.Increment(ref produced);
                yield return Noise(i, 64, 64);
            }
        }

        using var cts = new CancellationTokenSource();
        var received = 0;
        Assert.That(async () =>
        {
            await foreach (var _ in segmenter.ScoreAsync(Images(), cts.Token))
            {
                if (++received == 6)
                {
                    await cts.CancelAsync();
                }
            }
        }, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(received, Is.EqualTo(6));
        var after = Volatile.Read(ref produced);
        Assert.That(after, Is.LessThan(200));
        await Task.Delay(100);
        Assert.That(Volatile.Read(ref produced), Is.EqualTo(after), "nothing keeps reading after cancellation");

        // Already cancelled: nothing is scored.
        Assert.That(() => segmenter.Score([Noise(1)], cts.Token).ToList(), Throws.InstanceOf<OperationCanceledException>());
        // Abandoning an enumeration early is clean too.
        Assert.That(segmenter.Score(Images()).Take(3).Count(), Is.EqualTo(3));
        Assert.That(segmenter.Score(Noise(3)).Labels.Size, Is.EqualTo(new[] { 24, 20 }));
    }

    [Test]
    public void CancellingAFolderLeavesOnlyCompleteMasks()
    {
        using var segmenter = new OnnxSegmenter(ScoringData.Segmenter, new OnnxSegmenterOptions { BatchSize = 2 });
        var masks = ScoringData.NewFolder("cancel");
        using var cts = new CancellationTokenSource();
        var seen = 0;
        Assert.That(() =>
        {
            foreach (var r in segmenter.ScoreFiles(ScoringData.ImageFiles, masks, cts.Token))
            {
                if (++seen == 3)
                {
                    cts.Cancel();
                }
            }
        }, Throws.InstanceOf<OperationCanceledException>());
        var files = Directory.GetFiles(masks);
        Assert.That(files.Length, Is.InRange(3, ScoringData.ImageFiles.Length - 1));
        Assert.That(files.All(f => f.EndsWith(".png", StringComparison.Ordinal)), "no temp files left: " + string.Join(", ", files));
        foreach (var f in files)
        {
            Assert.That(PngFile.ReadLabels(f).Data, Is.Not.Empty);
        }
    }
}
