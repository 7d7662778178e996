#pragma warning disable CA1861 // Tests spell their expected arrays inline.
using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
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

    /// <summary>Images per concurrency round: <c>MLSEG_CONCURRENCY_IMAGES</c> (CI 120; the full run, issue 17 item 3, 1000).</summary>
    private static int ConcurrencyImages => int.TryParse(Environment.GetEnvironmentVariable("MLSEG_CONCURRENCY_IMAGES"), out int n) && n > 0 ? n : 120;

    private sealed class PathRow
    {
        public string Image { get; set; } = "";
    }

    [Test]
    public void EightThreadsThroughOneSegmenterAndOneMLNetTransformerGiveTheSingleThreadedMasksWithFlatMemory()
    {
        const int threads = 8, rounds = 4;
        int count = ConcurrencyImages;
        string folder = ScoringData.NewFolder("concurrency");
        Image[] images = [.. Enumerable.Range(0, count).Select(i => Noise(1000 + i))];
        for (int i = 0; i < count; i++) PngFile.WriteImage(Path.Combine(folder, $"n{i:D4}.png"), images[i]);
        var mlContext = new MLContext();
        using var transformer = new SegmentationTransformer(mlContext, ScoringData.Segmenter, new SegmentationTransformerOptions
        {
            ImageFolder = folder, Scoring = new OnnxSegmenterOptions { BatchSize = 4, IntraOpThreads = 1 },
        });
        using var segmenter = new OnnxSegmenter(ScoringData.Segmenter, new OnnxSegmenterOptions { BatchSize = 4, IntraOpThreads = 1 });
        IDataView rows = mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, count).Select(i => new PathRow { Image = $"n{i:D4}.png" }));
        int[][] expected = [.. segmenter.Score(images).Select(r => r.Labels.Data)];
        Assert.That(expected.SelectMany(l => l).Distinct().Count(), Is.GreaterThan(1), "masks of one class would make the comparison empty");

        uint[][] Masks(IDataView scored)
        {
            var masks = new List<uint[]>();
            using DataViewRowCursor cursor = scored.GetRowCursor(scored.Schema);
            ValueGetter<VBuffer<uint>> getter = cursor.GetGetter<VBuffer<uint>>(scored.Schema[SegmentationColumnNames.PredictedLabel]);
            VBuffer<uint> mask = default;
            while (cursor.MoveNext())
            {
                getter(ref mask);
                masks.Add(mask.DenseValues().ToArray());
            }
            return [.. masks];
        }

        var resident = new List<long>();
        int compared = 0;
        for (int round = 0; round < rounds; round++)
        {
            var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
            using var start = new Barrier(threads);
            var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
            {
                start.SignalAndWait();
                try
                {
                    // Even threads go through the ML.NET transformer, odd ones through the segmenter, each in its own order.
                    int shift = t * count / threads;
                    if (t % 2 == 0)
                    {
                        uint[][] masks = Masks(transformer.Transform(rows));
                        for (int i = 0; i < count; i++)
                            if (!masks[i].Select(v => (int)v).SequenceEqual(expected[i])) failures.Add($"round {round}, transformer thread {t}, image {i}");
                    }
                    else
                    {
                        int[] order = [.. Enumerable.Range(0, count).Select(i => (i + shift) % count)];
                        SegmentationResult[] results = [.. segmenter.Score(order.Select(i => images[i]))];
                        for (int k = 0; k < count; k++)
                            if (!results[k].Labels.Data.SequenceEqual(expected[order[k]])) failures.Add($"round {round}, segmenter thread {t}, image {order[k]}");
                    }
                }
                catch (Exception e)
                {
                    failures.Add($"round {round}, thread {t}: {e}");
                }
            })).ToList();
            workers.ForEach(w => w.Start());
            workers.ForEach(w => w.Join());
            Assert.That(failures, Is.Empty);
            compared += threads * count;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            using var self = Process.GetCurrentProcess();
            resident.Add(self.WorkingSet64);
        }
        TestContext.Out.WriteLine($"{compared} masks compared; resident memory after each round: {string.Join(", ", resident.Select(r => $"{r >> 20} MB"))}");
        Assert.That(resident[^1] - resident[1], Is.LessThan(64L << 20), "resident memory is flat after the warm-up rounds");
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
