using MLSegmentation.Trainers.Metrics;

namespace MLSegmentation.Trainers.Tests;

public class MetricsOverlapTests
{
    private const double Tolerance = 1e-12;

    // truth            prediction
    // 0 0 1 1          0 1 1 1
    // 0 1 1 2          0 0 1 2
    // 0 0 2 2          0 2 2 2
    private static readonly int[] Truth = [0, 0, 1, 1, 0, 1, 1, 2, 0, 0, 2, 2];
    private static readonly int[] Predicted = [0, 1, 1, 1, 0, 0, 1, 2, 0, 2, 2, 2];
    private static readonly int[] Size = [3, 4];

    [Test]
    public void ConfusionMatrixCountsTruthRowsAndPredictionColumns()
    {
        var m = new ConfusionMatrix(3);
        m.Add(Predicted, Truth);
        Assert.That(m.ToRows(), Is.EqualTo(new[] { new long[] { 3, 1, 1 }, [1, 3, 0], [0, 0, 3] }));
        Assert.That(m.Total, Is.EqualTo(12));
        Assert.That(m.Correct, Is.EqualTo(9));
        Assert.That(m[0, 2], Is.EqualTo(1));
        Assert.That(m.Counts(0), Is.EqualTo(new ClassCounts(3, 1, 2, 6)));
        Assert.That(m.Counts(2), Is.EqualTo(new ClassCounts(3, 1, 0, 8)));
    }

    [Test]
    public void OverlapMetricsMatchHandComputedValues()
    {
        ImageMetrics image = SegmentationMetrics.Evaluate(Predicted, Truth, Size, null, new MetricsOptions(3));
        ClassMetrics background = image.Classes[0];
        ClassMetrics one = image.Classes[1];
        ClassMetrics two = image.Classes[2];

        // Class 0: TP 3, FP 1, FN 2, TN 6.
        Assert.That(background.Dice, Is.EqualTo(6.0 / 9).Within(Tolerance));
        Assert.That(background.Iou, Is.EqualTo(0.5).Within(Tolerance));
        Assert.That(background.Precision, Is.EqualTo(0.75).Within(Tolerance));
        Assert.That(background.Sensitivity, Is.EqualTo(0.6).Within(Tolerance));
        Assert.That(background.Specificity, Is.EqualTo(6.0 / 7).Within(Tolerance));

        // Class 1: TP 3, FP 1, FN 1, TN 7.
        Assert.That(one.Dice, Is.EqualTo(0.75).Within(Tolerance));
        Assert.That(one.Iou, Is.EqualTo(0.6).Within(Tolerance));
        Assert.That(one.Precision, Is.EqualTo(0.75).Within(Tolerance));
        Assert.That(one.Sensitivity, Is.EqualTo(0.75).Within(Tolerance));
        Assert.That(one.Specificity, Is.EqualTo(0.875).Within(Tolerance));

        // Class 2: TP 3, FP 1, FN 0, TN 8.
        Assert.That(two.Dice, Is.EqualTo(6.0 / 7).Within(Tolerance));
        Assert.That(two.Iou, Is.EqualTo(0.75).Within(Tolerance));
        Assert.That(two.Precision, Is.EqualTo(0.75).Within(Tolerance));
        Assert.That(two.Sensitivity, Is.EqualTo(1.0).Within(Tolerance));
        Assert.That(two.Specificity, Is.EqualTo(8.0 / 9).Within(Tolerance));

        // Background gets no surface distances unless included.
        Assert.That(background.Hausdorff95, Is.NaN);
        Assert.That(one.Hausdorff95, Is.Not.NaN);
    }

    [Test]
    public void MaskSupIouIsScikitLearnsMicroJaccardOverAllLabels()
    {
        // 9 correct, 3 wrong: Σ TP / Σ (TP + FP + FN) = 9 / (9 + 3 + 3).
        ImageMetrics image = SegmentationMetrics.Evaluate(Predicted, Truth, Size, null, new MetricsOptions(3));
        Assert.That(image.MaskSupIou, Is.EqualTo(0.6).Within(Tolerance));

        // truth [0 1 2 2], prediction [0 1 1 2]: micro 3 / 5, per-class IoU 1, 1/2, 1/2.
        var options = new MetricsOptions(3);
        ImageMetrics small = SegmentationMetrics.Evaluate(new[] { 0, 1, 1, 2 }, new[] { 0, 1, 2, 2 }, [2, 2], null, options);
        Assert.That(small.MaskSupIou, Is.EqualTo(0.6).Within(Tolerance));
        Assert.That(small.PresentClassMeanIou, Is.EqualTo(0.5).Within(Tolerance));
        ImageMetrics withBackground = SegmentationMetrics.Evaluate(new[] { 0, 1, 1, 2 }, new[] { 0, 1, 2, 2 }, [2, 2], null, options with { IncludeBackground = true });
        Assert.That(withBackground.PresentClassMeanIou, Is.EqualTo(2.0 / 3).Within(Tolerance));
    }

    [Test]
    public void ClassAbsentFromBothHasPerfectOverlapAndNoSurfaceDistance()
    {
        // Dice, IoU, precision and sensitivity are 1 (no error in the image); there is no surface to measure, so the
        // distances are undefined (NaN, MONAI's convention), not 0.
        ImageMetrics image = SegmentationMetrics.Evaluate(new[] { 0, 1, 1, 0 }, new[] { 0, 1, 1, 0 }, [2, 2], null, new MetricsOptions(3));
        ClassMetrics absent = image.Classes[2];
        Assert.That(absent.TruthEmpty && absent.PredictionEmpty, Is.True);
        Assert.That((absent.Dice, absent.Iou, absent.Precision, absent.Sensitivity, absent.Specificity), Is.EqualTo((1.0, 1.0, 1.0, 1.0, 1.0)));
        Assert.That((absent.Hausdorff95, absent.MeanSurfaceDistance, absent.Hausdorff), Is.EqualTo((double.NaN, double.NaN, double.NaN)));
        Assert.That(image.Classes[1].Dice, Is.EqualTo(1.0));
        Assert.That(image.Classes[1].Hausdorff95, Is.EqualTo(0.0));

        // A stated maximum distance is for exactly one empty mask only: both empty stays undefined.
        ClassMetrics capped = SegmentationMetrics.Evaluate(new[] { 0, 1, 1, 0 }, new[] { 0, 1, 1, 0 }, [2, 2], null, new MetricsOptions(3) { MissingSurfaceDistance = 7 }).Classes[2];
        Assert.That(capped.Hausdorff95, Is.NaN);
        Assert.That(SurfaceDistance.Compute(new bool[4], new bool[4], [2, 2], oneEmpty: 7).HausdorffPercentile, Is.NaN);
    }

    [Test]
    public void EmptyPredictionScoresZeroWithUndefinedDistance()
    {
        int[] truth = [0, 1, 1, 0, 0, 1, 0, 0, 0];
        int[] predicted = new int[9];
        ImageMetrics image = SegmentationMetrics.Evaluate(predicted, truth, [3, 3], null, new MetricsOptions(2));
        ClassMetrics one = image.Classes[1];
        Assert.That(one.Counts, Is.EqualTo(new ClassCounts(0, 0, 3, 6)));
        Assert.That((one.Dice, one.Iou, one.Precision, one.Sensitivity), Is.EqualTo((0.0, 0.0, 0.0, 0.0)));
        Assert.That(one.Specificity, Is.EqualTo(1.0));
        Assert.That((one.Hausdorff95, one.MeanSurfaceDistance, one.Hausdorff), Is.EqualTo((double.NaN, double.NaN, double.NaN)));
        Assert.That(image.Confusion.ToRows(), Is.EqualTo(new[] { new long[] { 6, 0 }, [3, 0] }));

        var capped = new MetricsOptions(2) { MissingSurfaceDistance = 100 };
        ClassMetrics cappedOne = SegmentationMetrics.Evaluate(predicted, truth, [3, 3], null, capped).Classes[1];
        Assert.That((cappedOne.Hausdorff95, cappedOne.MeanSurfaceDistance, cappedOne.Hausdorff), Is.EqualTo((100.0, 100.0, 100.0)));
    }

    [Test]
    public void EmptyTruthIsAllFalsePositiveWithUndefinedDistance()
    {
        ImageMetrics image = SegmentationMetrics.Evaluate(new[] { 0, 1, 0, 0 }, new int[4], [2, 2], null, new MetricsOptions(2));
        ClassMetrics one = image.Classes[1];
        Assert.That(one.Counts, Is.EqualTo(new ClassCounts(0, 1, 0, 3)));
        Assert.That((one.Dice, one.Iou, one.Precision, one.Sensitivity), Is.EqualTo((0.0, 0.0, 0.0, 0.0)));
        Assert.That(one.Specificity, Is.EqualTo(0.75));
        Assert.That((one.Hausdorff95, one.MeanSurfaceDistance, one.Hausdorff), Is.EqualTo((double.NaN, double.NaN, double.NaN)));

        // The same through the mask API, in both orders.
        bool[] dot = [false, true, false, false];
        Assert.That(SurfaceDistance.Compute(dot, new bool[4], [2, 2]).HausdorffPercentile, Is.NaN);
        Assert.That(SurfaceDistance.Compute(new bool[4], dot, [2, 2]).MeanSurfaceDistance, Is.NaN);
        Assert.That(SurfaceDistance.Compute(new bool[4], dot, [2, 2], oneEmpty: 3.5), Is.EqualTo(new SurfaceDistances(3.5, 3.5, 3.5)));
    }

    [Test]
    public void AnInfiniteOrNegativeMissingDistanceIsRefused()
    {
        Assert.That(new MetricsOptions(2).MissingSurfaceDistance, Is.NaN);
        Assert.That(() => new MetricsOptions(2) { MissingSurfaceDistance = double.PositiveInfinity }, Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => new MetricsOptions(2) { MissingSurfaceDistance = -1 }, Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(
            () => SurfaceDistance.Compute(new bool[4], new bool[4], [2, 2], oneEmpty: double.PositiveInfinity),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("oneEmpty"));
        Assert.That(new MetricsOptions(2) { MissingSurfaceDistance = 0 }.MissingSurfaceDistance, Is.Zero);
    }

    [Test]
    public void SpecificityWithoutNegativesIsOneOnlyWithoutError()
    {
        Assert.That(new ClassCounts(4, 0, 0, 0).Specificity, Is.EqualTo(1.0));
        Assert.That(new ClassCounts(3, 0, 1, 0).Specificity, Is.EqualTo(0.0));
        Assert.That(new ClassCounts(0, 0, 0, 4).Dice, Is.EqualTo(1.0));
    }

    [Test]
    public void LabelOutsideTheClassRangeThrows()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SegmentationMetrics.Evaluate(new[] { 0, 3, 0, 0 }, new int[4], [2, 2], null, new MetricsOptions(3)));
        Assert.Throws<ArgumentOutOfRangeException>(() => SegmentationMetrics.Evaluate(new int[4], new[] { -1, 0, 0, 0 }, [2, 2], null, new MetricsOptions(3)));
        Assert.Throws<ArgumentException>(() => SegmentationMetrics.Evaluate(new int[4], new int[5], [2, 2], null, new MetricsOptions(3)));
    }
}
