using MLSegmentation.Trainers.Metrics;

namespace MLSegmentation.Trainers.Tests;

public class MetricsAggregationTests
{
    private const double Tolerance = 1e-12;

    // Four 1×4 images, classes {0, 1}:
    //   1: truth 1100, prediction 1000 → TP 1, FP 0, FN 1: Dice 2/3, IoU 1/2
    //   2: truth 0110, prediction 0111 → TP 2, FP 1, FN 0: Dice 4/5, IoU 2/3
    //   3: truth 0000, prediction 0010 → empty truth (a false-positive image)
    //   4: truth 0000, prediction 0000 → both empty
    private static readonly (int[] Predicted, int[] Truth)[] Images =
    [
        ([1, 0, 0, 0], [1, 1, 0, 0]),
        ([0, 1, 1, 1], [0, 1, 1, 0]),
        ([0, 0, 1, 0], [0, 0, 0, 0]),
        ([0, 0, 0, 0], [0, 0, 0, 0]),
    ];

    private static MetricsReport Report(MetricsOptions? options = null)
    {
        var accumulator = new MetricsAccumulator(options ?? new MetricsOptions(2));
        foreach ((int[] predicted, int[] truth) in Images)
        {
            accumulator.Add(predicted, truth, [1, 4]);
        }

        return accumulator.Report();
    }

    [Test]
    public void PerClassMeanIsOverImagesWithNonEmptyTruthOnly()
    {
        MetricsReport report = Report();
        ClassSummary one = report.Classes[1];
        Assert.That(report.Images, Is.EqualTo(4));
        Assert.That(one.ImagesWithTruth, Is.EqualTo(2));
        Assert.That(one.ImagesWithPrediction, Is.EqualTo(3));
        Assert.That(one.FalsePositiveImages, Is.EqualTo(1));
        Assert.That(one.Dice.Count, Is.EqualTo(2));
        Assert.That(one.Dice.Mean, Is.EqualTo(11.0 / 15).Within(Tolerance));
        Assert.That(one.Dice.StandardDeviation, Is.EqualTo(1.0 / 15).Within(Tolerance));
        Assert.That(one.Dice.Median, Is.EqualTo(11.0 / 15).Within(Tolerance));
        Assert.That(one.Iou.Mean, Is.EqualTo(7.0 / 12).Within(Tolerance));
        Assert.That(one.Precision.Mean, Is.EqualTo((1.0 + 2.0 / 3) / 2).Within(Tolerance));
        Assert.That(one.Sensitivity.Mean, Is.EqualTo(0.75).Within(Tolerance));

        // HD95: image 1 union {0} ∪ {0, 1} → 0.9; image 2 union {0, 0, 1} ∪ {0, 0} → 0.8.
        // MSD: 1/3 and 1/5.
        Assert.That(one.Hausdorff95.Mean, Is.EqualTo(0.85).Within(Tolerance));
        Assert.That(one.MeanSurfaceDistance.Mean, Is.EqualTo(4.0 / 15).Within(Tolerance));

        Assert.That(report.ClassMeanDice, Is.EqualTo(11.0 / 15).Within(Tolerance));
        Assert.That(report.ClassMeanIou, Is.EqualTo(7.0 / 12).Within(Tolerance));
    }

    [Test]
    public void PooledMetricsUseAllVoxelsOfAllImages()
    {
        MetricsReport report = Report();
        ClassSummary one = report.Classes[1];
        Assert.That(one.PooledCounts, Is.EqualTo(new ClassCounts(3, 2, 1, 10)));
        Assert.That(one.PooledDice, Is.EqualTo(2.0 / 3).Within(Tolerance));
        Assert.That(one.PooledIou, Is.EqualTo(0.5).Within(Tolerance));
        Assert.That(report.PooledMeanIou, Is.EqualTo(0.5).Within(Tolerance));
        Assert.That(report.ConfusionMatrix, Is.EqualTo(new[] { new long[] { 10, 2 }, [1, 3] }));
        Assert.That(report.ConfusionMatrix.Sum(r => r.Sum()), Is.EqualTo(16));
    }

    [Test]
    public void MaskSupMeanIouAveragesPerImageMicroJaccard()
    {
        // Per image correct / (correct + 2·wrong): 3/5, 3/5, 3/5, 4/4 → mean 0.7.
        MetricsReport report = Report();
        Assert.That(report.MaskSupMeanIou, Is.EqualTo(0.7).Within(Tolerance));

        // Mean IoU over present foreground classes: 1/2, 2/3, 0 (image 3), image 4 has none → 7/18.
        Assert.That(report.PresentClassMeanIou, Is.EqualTo(7.0 / 18).Within(Tolerance));
    }

    [Test]
    public void IncludingBackgroundChangesOnlyTheClassMeans()
    {
        MetricsReport report = Report(new MetricsOptions(2) { IncludeBackground = true });

        // Background is in every truth. Its Dice per image: image 1 TP 2, FP 1, FN 0 → 4/5; image 2 TP 1, FP 0, FN 1 → 2/3;
        // image 3 TP 3, FP 0, FN 1 → 6/7; image 4 → 1.
        double backgroundDice = (4.0 / 5 + 2.0 / 3 + 6.0 / 7 + 1.0) / 4;
        Assert.That(report.Classes[0].Dice.Mean, Is.EqualTo(backgroundDice).Within(Tolerance));
        Assert.That(report.ClassMeanDice, Is.EqualTo((backgroundDice + 11.0 / 15) / 2).Within(Tolerance));
        Assert.That(report.MaskSupMeanIou, Is.EqualTo(0.7).Within(Tolerance));
        Assert.That(report.Classes[0].Hausdorff95.Count, Is.EqualTo(4));
        Assert.That(Report().Classes[0].Hausdorff95.Count, Is.Zero);
    }

    [Test]
    public void ClassNeverInTheTruthIsLeftOutOfTheClassMean()
    {
        var accumulator = new MetricsAccumulator(new MetricsOptions(3));
        accumulator.Add(new[] { 1, 1, 0, 0 }, new[] { 1, 0, 0, 0 }, [2, 2]);
        MetricsReport report = accumulator.Report();
        Assert.That(report.Classes[2].Dice.Count, Is.Zero);
        Assert.That(report.Classes[2].Dice.Mean, Is.NaN);
        Assert.That(report.ClassMeanDice, Is.EqualTo(2.0 / 3).Within(Tolerance));
        Assert.That(report.PooledMeanDice, Is.EqualTo(2.0 / 3).Within(Tolerance));
    }

    [Test]
    public void MissedStructureMakesTheDistanceMeanInfiniteButNotTheMedian()
    {
        var accumulator = new MetricsAccumulator(new MetricsOptions(2));
        accumulator.Add(new[] { 1, 0, 0, 0 }, new[] { 1, 0, 0, 0 }, [1, 4]);
        accumulator.Add(new[] { 1, 0, 0, 0 }, new[] { 1, 0, 0, 0 }, [1, 4]);
        accumulator.Add(new[] { 0, 0, 0, 0 }, new[] { 0, 1, 0, 0 }, [1, 4]);
        MetricStatistic hd = accumulator.Report().Classes[1].Hausdorff95;
        Assert.That(hd.Mean, Is.EqualTo(double.PositiveInfinity));
        Assert.That(hd.StandardDeviation, Is.NaN);
        Assert.That(hd.Median, Is.EqualTo(0.0));
        Assert.That(hd.Count, Is.EqualTo(3));
    }

    [Test]
    public void ReportRoundTripsThroughJsonIncludingInfinity()
    {
        var accumulator = new MetricsAccumulator(new MetricsOptions(2) { ClassNames = ["background", "lesion"] });
        accumulator.Add(new[] { 0, 0, 0, 0 }, new[] { 0, 1, 0, 0 }, [2, 2]);
        accumulator.Add(new[] { 0, 1, 1, 0 }, new[] { 0, 1, 0, 0 }, [2, 2]);
        MetricsReport report = accumulator.Report();
        string json = report.ToJson();
        Assert.That(json, Does.Contain("\"Infinity\""));
        Assert.That(json, Does.Contain("\"maskSupMeanIou\""));

        MetricsReport back = MetricsReport.FromJson(json);
        Assert.That(back.Images, Is.EqualTo(2));
        Assert.That(back.Classes[1].Name, Is.EqualTo("lesion"));
        Assert.That(back.Classes[1].Dice, Is.EqualTo(report.Classes[1].Dice));
        Assert.That(back.Classes[1].Hausdorff95.Mean, Is.EqualTo(double.PositiveInfinity));
        Assert.That(back.Classes[1].PooledCounts, Is.EqualTo(report.Classes[1].PooledCounts));
        Assert.That(back.ConfusionMatrix, Is.EqualTo(report.ConfusionMatrix));
        Assert.That(back.ToJson(), Is.EqualTo(json));
    }

    [Test]
    public void TableHasOneRowPerClassAndTheDatasetMeans()
    {
        string table = Report(new MetricsOptions(2) { ClassNames = ["background", "lesion"] }).ToTable();
        string[] lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Does.StartWith("class"));
        Assert.That(lines[2], Does.StartWith("background"));
        Assert.That(lines[3], Does.StartWith("lesion").And.Contain("0.7333 ± 0.0667"));
        Assert.That(table, Does.Contain("mIoU (MaskSup, per-image micro Jaccard):   0.7000"));
    }

    [Test]
    public void ConcurrentAddsGiveTheSequentialReport()
    {
        string sequential = Report().ToJson();
        var accumulator = new MetricsAccumulator(new MetricsOptions(2));
        Parallel.For(0, 40, i => accumulator.Add(Images[i % 4].Predicted, Images[i % 4].Truth, [1, 4]));
        MetricsReport report = accumulator.Report();
        Assert.That(report.Images, Is.EqualTo(40));
        Assert.That(report.Classes[1].Dice.Mean, Is.EqualTo(11.0 / 15).Within(Tolerance));
        Assert.That(report.ConfusionMatrix, Is.EqualTo(new[] { new long[] { 100, 20 }, [10, 30] }));

        accumulator.Reset();
        foreach ((int[] predicted, int[] truth) in Images)
        {
            accumulator.Add(predicted, truth, [1, 4]);
        }

        Assert.That(accumulator.Report().ToJson(), Is.EqualTo(sequential));
    }
}
