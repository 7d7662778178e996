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
        Assert.That(report.Classes[0].Hausdorff95.Excluded, Is.Zero);

        // Not computed is not "excluded": background without IncludeBackground has an empty statistic.
        Assert.That(Report().Classes[0].Hausdorff95, Is.EqualTo(new MetricStatistic(double.NaN, double.NaN, double.NaN, 0, 0)));
        Assert.That(Report().Classes[0].MeanSurfaceDistance.Excluded, Is.Zero);
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

    // Five 1×4 images, classes {0, 1}, for the empty-mask convention:
    //   A: truth 1100, prediction 1000 → HD95 0.9, MSD 1/3 (as image 1 above)
    //   B: truth 0110, prediction 0111 → HD95 0.8, MSD 1/5 (as image 2 above)
    //   C: truth 0100, prediction 0000 → empty prediction: Dice 0, HD95 and MSD undefined → excluded
    //   D: truth 0000, prediction 0010 → empty truth: a false-positive image, outside every per-image statistic
    //   E: truth 0000, prediction 0000 → both empty: outside every per-image statistic
    private static readonly (int[] Predicted, int[] Truth)[] WithEmptyMasks =
    [
        ([1, 0, 0, 0], [1, 1, 0, 0]),
        ([0, 1, 1, 1], [0, 1, 1, 0]),
        ([0, 0, 0, 0], [0, 1, 0, 0]),
        ([0, 0, 1, 0], [0, 0, 0, 0]),
        ([0, 0, 0, 0], [0, 0, 0, 0]),
    ];

    private static MetricsReport ReportWithEmptyMasks(MetricsOptions? options = null)
    {
        var accumulator = new MetricsAccumulator(options ?? new MetricsOptions(2) { ClassNames = ["background", "lesion"] });
        foreach ((int[] predicted, int[] truth) in WithEmptyMasks)
        {
            accumulator.Add(predicted, truth, [1, 4]);
        }

        return accumulator.Report();
    }

    [Test]
    public void EmptyPredictionIsExcludedFromTheDistanceMeansAndCounted()
    {
        ClassSummary one = ReportWithEmptyMasks().Classes[1];
        Assert.That(one.ImagesWithTruth, Is.EqualTo(3));
        Assert.That(one.FalsePositiveImages, Is.EqualTo(1));

        // Dice is defined on the missed image (0) and enters its mean: (2/3 + 4/5 + 0) / 3.
        Assert.That(one.Dice.Count, Is.EqualTo(3));
        Assert.That(one.Dice.Excluded, Is.Zero);
        Assert.That(one.Dice.Mean, Is.EqualTo(22.0 / 45).Within(Tolerance));

        // HD95 over A and B only: mean 0.85, std 0.05, median 0.85; C excluded.
        Assert.That(one.Hausdorff95.Count, Is.EqualTo(2));
        Assert.That(one.Hausdorff95.Excluded, Is.EqualTo(1));
        Assert.That(one.Hausdorff95.Mean, Is.EqualTo(0.85).Within(Tolerance));
        Assert.That(one.Hausdorff95.StandardDeviation, Is.EqualTo(0.05).Within(Tolerance));
        Assert.That(one.Hausdorff95.Median, Is.EqualTo(0.85).Within(Tolerance));

        // MSD over A and B: 1/3 and 1/5 → mean 4/15, std 1/15.
        Assert.That(one.MeanSurfaceDistance.Count, Is.EqualTo(2));
        Assert.That(one.MeanSurfaceDistance.Excluded, Is.EqualTo(1));
        Assert.That(one.MeanSurfaceDistance.Mean, Is.EqualTo(4.0 / 15).Within(Tolerance));
        Assert.That(one.MeanSurfaceDistance.StandardDeviation, Is.EqualTo(1.0 / 15).Within(Tolerance));
    }

    [Test]
    public void StatedMaximumDistanceEntersTheMeanInsteadOfBeingExcluded()
    {
        ClassSummary one = ReportWithEmptyMasks(new MetricsOptions(2) { MissingSurfaceDistance = 10 }).Classes[1];
        Assert.That(one.Hausdorff95.Count, Is.EqualTo(3));
        Assert.That(one.Hausdorff95.Excluded, Is.Zero);
        Assert.That(one.Hausdorff95.Mean, Is.EqualTo((0.9 + 0.8 + 10) / 3).Within(Tolerance));
        Assert.That(one.Hausdorff95.Median, Is.EqualTo(0.9).Within(Tolerance));
        Assert.That(one.MeanSurfaceDistance.Mean, Is.EqualTo((1.0 / 3 + 1.0 / 5 + 10) / 3).Within(Tolerance));
    }

    [Test]
    public void SwitchedOffDistancesAreNotExcluded()
    {
        ClassSummary one = ReportWithEmptyMasks(new MetricsOptions(2) { SurfaceDistances = false }).Classes[1];
        Assert.That(one.Hausdorff95, Is.EqualTo(new MetricStatistic(double.NaN, double.NaN, double.NaN, 0, 0)));
        Assert.That(one.MeanSurfaceDistance.Excluded, Is.Zero);
    }

    [Test]
    public void StatisticLeavesOutAndCountsValuesThatAreNotFinite()
    {
        MetricStatistic s = MetricStatistic.Of([1.0, double.NaN, 3.0, double.PositiveInfinity]);
        Assert.That(s, Is.EqualTo(new MetricStatistic(2.0, 1.0, 2.0, 2, 2)));
        Assert.That(MetricStatistic.Of([double.NaN, double.NaN]), Is.EqualTo(new MetricStatistic(double.NaN, double.NaN, double.NaN, 0, 2)));
        Assert.That(MetricStatistic.Of([]), Is.EqualTo(new MetricStatistic(double.NaN, double.NaN, double.NaN, 0, 0)));
    }

    [Test]
    public void TableShowsTheExcludedCountAndNeverInfOrNan()
    {
        string table = ReportWithEmptyMasks().ToTable();
        TestContext.Out.WriteLine(table);
        string lesion = table.Split('\n').Single(l => l.StartsWith("lesion", StringComparison.Ordinal));

        // HD95 0.85 ± 0.05 and MSD 4/15 ± 1/15 over two images, one excluded.
        Assert.That(lesion, Does.Contain("0.85 ± 0.05 (1 excluded)"));
        Assert.That(lesion, Does.Contain("0.27 ± 0.07 (1 excluded)"));
        Assert.That(lesion, Does.Contain("0.4889 ± 0.3500"), "Dice over all three images with the lesion, none excluded");
        Assert.That(table, Does.Not.Contain("inf").And.Not.Contain("nan").And.Not.Contain("NaN"));

        // The cells carry the same text (the HTML run report renders them).
        IReadOnlyList<string> cells = ReportWithEmptyMasks().ToCells()[2];
        Assert.That(cells[8], Is.EqualTo("0.85 ± 0.05 (1 excluded)"));
        Assert.That(cells[9], Is.EqualTo("0.27 ± 0.07 (1 excluded)"));
    }

    [Test]
    public void EveryPredictionEmptyGivesNoDistanceAndTheCount()
    {
        var accumulator = new MetricsAccumulator(new MetricsOptions(2) { ClassNames = ["background", "lesion"] });
        accumulator.Add(new[] { 0, 0, 0, 0 }, new[] { 0, 1, 0, 0 }, [2, 2]);
        accumulator.Add(new[] { 0, 0, 0, 0 }, new[] { 1, 1, 0, 0 }, [2, 2]);
        MetricsReport report = accumulator.Report();
        Assert.That(report.Classes[1].Hausdorff95, Is.EqualTo(new MetricStatistic(double.NaN, double.NaN, double.NaN, 0, 2)));

        IReadOnlyList<string> lesion = report.ToCells()[2];
        Assert.That(lesion[3], Is.EqualTo("0.0000 ± 0.0000"), "Dice 0 on both");
        Assert.That(lesion[8], Is.EqualTo("- (2 excluded)"));
        Assert.That(lesion[9], Is.EqualTo("- (2 excluded)"));
        Assert.That(report.ToTable(), Does.Not.Contain("inf").And.Not.Contain("nan"));

        string json = report.ToJson();
        using (var document = System.Text.Json.JsonDocument.Parse(json))
        {
            System.Text.Json.JsonElement hd = document.RootElement.GetProperty("classes")[1].GetProperty("hausdorff95");
            Assert.That(hd.GetProperty("mean").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
            Assert.That(hd.GetProperty("standardDeviation").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
            Assert.That(hd.GetProperty("median").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
            Assert.That(hd.GetProperty("count").GetInt32(), Is.Zero);
            Assert.That(hd.GetProperty("excluded").GetInt32(), Is.EqualTo(2));
        }

        Assert.That(json, Does.Contain("\"mean\": null,"));
        Assert.That(json, Does.Not.Contain("NaN").And.Not.Contain("Infinity"));

        MetricsReport back = MetricsReport.FromJson(json);
        Assert.That(back.Classes[1].Hausdorff95, Is.EqualTo(report.Classes[1].Hausdorff95));
        Assert.That(back.Classes[1].MeanSurfaceDistance.Mean, Is.NaN);
        Assert.That(back.ToJson(), Is.EqualTo(json));
    }

    [Test]
    public void ReportRoundTripsThroughJsonWithNullForUndefined()
    {
        // Image 1 misses the lesion (excluded); image 2: truth {(0,1)}, prediction {(0,1), (1,0)}.
        // Union of directed distances {0} ∪ {0, √2} → HD95 = 0.9·√2, MSD = √2/3.
        var accumulator = new MetricsAccumulator(new MetricsOptions(2) { ClassNames = ["background", "lesion"] });
        accumulator.Add(new[] { 0, 0, 0, 0 }, new[] { 0, 1, 0, 0 }, [2, 2]);
        accumulator.Add(new[] { 0, 1, 1, 0 }, new[] { 0, 1, 0, 0 }, [2, 2]);
        MetricsReport report = accumulator.Report();
        MetricStatistic hd = report.Classes[1].Hausdorff95;
        Assert.That((hd.Count, hd.Excluded), Is.EqualTo((1, 1)));
        Assert.That(hd.Mean, Is.EqualTo(0.9 * Math.Sqrt(2)).Within(Tolerance));
        Assert.That(report.Classes[1].MeanSurfaceDistance.Mean, Is.EqualTo(Math.Sqrt(2) / 3).Within(Tolerance));

        string json = report.ToJson();
        Assert.That(json, Does.Contain("\"excluded\": 1"));
        Assert.That(json, Does.Contain("\"maskSupMeanIou\""));
        Assert.That(json, Does.Not.Contain("NaN").And.Not.Contain("Infinity"));

        MetricsReport back = MetricsReport.FromJson(json);
        Assert.That(back.Images, Is.EqualTo(2));
        Assert.That(back.Classes[1].Name, Is.EqualTo("lesion"));
        Assert.That(back.Classes[1].Dice, Is.EqualTo(report.Classes[1].Dice));
        Assert.That(back.Classes[1].Hausdorff95, Is.EqualTo(hd));
        Assert.That(back.Classes[0].Hausdorff95, Is.EqualTo(new MetricStatistic(double.NaN, double.NaN, double.NaN, 0, 0)));
        Assert.That(back.Classes[1].PooledCounts, Is.EqualTo(report.Classes[1].PooledCounts));
        Assert.That(back.ConfusionMatrix, Is.EqualTo(report.ConfusionMatrix));
        Assert.That(back.ToJson(), Is.EqualTo(json));
    }

    [Test]
    public void ReportsWrittenBeforeTheConventionStillLoad()
    {
        // Older evaluation.json files wrote named literals and had no "excluded".
        MetricsReport old = MetricsReport.FromJson("""
            { "images": 3, "classMeanDice": "NaN",
              "classes": [ { "class": 1, "name": "lesion",
                             "hausdorff95": { "mean": "Infinity", "standardDeviation": "NaN", "median": 0, "count": 3 } } ] }
            """);
        Assert.That(old.ClassMeanDice, Is.NaN);
        Assert.That(old.Classes[0].Hausdorff95, Is.EqualTo(new MetricStatistic(double.PositiveInfinity, double.NaN, 0, 3, 0)));

        // Written again, they hold neither literal.
        string json = old.ToJson();
        Assert.That(json, Does.Not.Contain("NaN").And.Not.Contain("Infinity"));
        Assert.That(old.ToTable(), Does.Not.Contain("inf").And.Not.Contain("nan"));
    }

    [Test]
    public void ClassMeansOverNoClassShowAsADash()
    {
        // No foreground anywhere: the class means are undefined, JSON null, table "-".
        var accumulator = new MetricsAccumulator(new MetricsOptions(2));
        accumulator.Add(new int[4], new int[4], [2, 2]);
        MetricsReport report = accumulator.Report();
        Assert.That(report.ClassMeanDice, Is.NaN);
        Assert.That(report.ToJson(), Does.Contain("\"classMeanDice\": null"));
        Assert.That(report.ToTable(), Does.Contain("mean Dice (class mean of per-image means): -"));
        Assert.That(report.ToTable(), Does.Not.Contain("nan"));
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
