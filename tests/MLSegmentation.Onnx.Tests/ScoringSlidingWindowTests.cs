#pragma warning disable CA1861 // Tests spell their expected arrays inline.
using MLSegmentation.Transforms;

namespace MLSegmentation.Onnx.Tests.Scoring;

public class ScoringSlidingWindowTests
{
    [Test]
    public void TilesAreSpreadEvenlyWithTheRequestedOverlap()
    {
        Assert.That(SlidingWindow.Starts(32, 32, 0.5), Is.EqualTo(new[] { 0 }));
        Assert.That(SlidingWindow.Starts(20, 32, 0.5), Is.EqualTo(new[] { 0 }));
        Assert.That(SlidingWindow.Starts(64, 32, 0.5), Is.EqualTo(new[] { 0, 16, 32 }));
        Assert.That(SlidingWindow.Starts(100, 32, 0.5), Is.EqualTo(new[] { 0, 14, 27, 41, 54, 68 }));
        Assert.That(SlidingWindow.Starts(100, 32, 0), Is.EqualTo(new[] { 0, 23, 45, 68 }));
        var g = SlidingWindow.Gaussian(new GridSize(1, 32, 32));
        Assert.That(g.Max(), Is.EqualTo(g[15 * 32 + 15]).Within(1e-6));
        Assert.That(g.Min(), Is.GreaterThan(0));
    }

    [Test]
    public void SlidingWindowAgreesWithTheFullImageInTheInterior()
    {
        const int h = 100, w = 130;
        var random = new Random(5);
        var data = new float[h * w];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                data[y * w + x] = (float)(128 + 60 * Math.Sin(x / 4.0) * Math.Cos(y / 3.0) + random.Next(-30, 30));
            }
        }
        var image = new Image(1, [h, w], data);
        // Fixed normalisation: z-score statistics would differ between the full image and its tiles.
        var normalization = InputNormalization.Fixed([128f], [50f]);
        using var full = new OnnxSegmenter(ScoringData.Segmenter, new OnnxSegmenterOptions { OutputProbabilities = true, Normalization = normalization });
        using var tiled = new OnnxSegmenter(ScoringData.Segmenter, new OnnxSegmenterOptions
        {
            OutputProbabilities = true, Normalization = normalization, Resize = ResizePolicy.SlidingWindow, BatchSize = 4,
        });
        var direct = full.Score(image);
        var windowed = tiled.Score(image);
        Assert.That(windowed.Labels.Size, Is.EqualTo(new[] { h, w }));

        // The model sees 2 pixels around each output: inside every tile's interior both runs see the same input.
        var maxDiff = 0f;
        var labelDiffs = 0;
        var interior = 0;
        var p = direct.Probabilities!.Data;
        var q = windowed.Probabilities!.Data;
        for (var y = 3; y < h - 3; y++)
        {
            for (var x = 3; x < w - 3; x++)
            {
                interior++;
                labelDiffs += direct.Labels[y, x] != windowed.Labels[y, x] ? 1 : 0;
                for (var k = 0; k < 3; k++)
                {
                    maxDiff = Math.Max(maxDiff, Math.Abs(p[(k * h + y) * w + x] - q[(k * h + y) * w + x]));
                }
            }
        }
        TestContext.Out.WriteLine($"max |Δp| {maxDiff}, labels differing {labelDiffs}/{interior}");
        Assert.That(maxDiff, Is.LessThan(0.05f));
        Assert.That(labelDiffs, Is.LessThan(interior / 200));

        // A model that is not translation-invariant at tile borders would differ: check the test can fail by
        // comparing with an unnormalised run, which gives other probabilities.
        using var other = new OnnxSegmenter(ScoringData.Segmenter, new OnnxSegmenterOptions { OutputProbabilities = true, Normalization = InputNormalization.None });
        var unrelated = other.Score(image).Probabilities!.Data;
        Assert.That(unrelated.Zip(q, (a, b) => Math.Abs(a - b)).Max(), Is.GreaterThan(0.05f));
    }

    [Test]
    public void ImagesSmallerThanATileArePaddedAndCroppedBack()
    {
        using var tiled = new OnnxSegmenter(ScoringData.Segmenter, new OnnxSegmenterOptions { Resize = ResizePolicy.SlidingWindow });
        var results = tiled.ScoreFiles(ScoringData.ImageFiles.Take(12)).ToList();
        Assert.That(results.Select(r => r.Index), Is.EqualTo(Enumerable.Range(0, 12).Select(i => (long)i)));
        var small = results.First(r => r.Labels.Height == 33);
        Assert.That(small.Labels.Size, Is.EqualTo(new[] { 33, 29 }));
    }

    [Test]
    public void ImagesOfExactlyATileAreBatchedAndEqualTheDirectRun()
    {
        var random = new Random(9);
        var images = Enumerable.Range(0, 5).Select(_ => new Image(1, [32, 32], [.. Enumerable.Range(0, 1024).Select(_ => (float)random.Next(256))])).ToArray();
        using var tiled = new OnnxSegmenter(ScoringData.Segmenter, new OnnxSegmenterOptions { Resize = ResizePolicy.SlidingWindow, OutputProbabilities = true });
        using var direct = new OnnxSegmenter(ScoringData.Segmenter, new OnnxSegmenterOptions { OutputProbabilities = true });
        var a = tiled.Score(images).ToArray();
        var b = direct.Score(images).ToArray();
        for (var i = 0; i < images.Length; i++)
        {
            Assert.That(a[i].Labels.Data, Is.EqualTo(b[i].Labels.Data));
            Assert.That(a[i].Probabilities!.Data, Is.EqualTo(b[i].Probabilities!.Data).Within(1e-6f));
        }
    }
}
