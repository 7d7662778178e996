namespace MLSegmentation.Trainers.Metrics;

/// <summary>
/// The one-vs-rest voxel counts of one class (true/false positives/negatives) and the overlap metrics
/// derived from them. docs/metrics.md gives the definitions.
/// </summary>
/// <remarks>
/// A ratio whose denominator is zero is 1 when the class has no error in the image (no false positive and
/// no false negative: both masks empty for Dice, IoU, precision and sensitivity) and 0 otherwise.
/// </remarks>
/// <param name="TruePositives">Voxels of the class in both the prediction and the truth.</param>
/// <param name="FalsePositives">Voxels predicted as the class that are another class in the truth.</param>
/// <param name="FalseNegatives">Voxels of the class in the truth predicted as another class.</param>
/// <param name="TrueNegatives">Voxels that are another class in both.</param>
public readonly record struct ClassCounts(long TruePositives, long FalsePositives, long FalseNegatives, long TrueNegatives)
{
    /// <summary>Whether the class is absent from the ground truth (TP + FN = 0).</summary>
    public bool TruthEmpty => TruePositives + FalseNegatives == 0;

    /// <summary>Whether the class is absent from the prediction (TP + FP = 0).</summary>
    public bool PredictionEmpty => TruePositives + FalsePositives == 0;

    /// <summary>Dice = 2TP / (2TP + FP + FN); 1 when both masks are empty.</summary>
    public double Dice => Ratio(2 * TruePositives, 2 * TruePositives + FalsePositives + FalseNegatives);

    /// <summary>IoU (Jaccard) = TP / (TP + FP + FN); 1 when both masks are empty.</summary>
    public double Iou => Ratio(TruePositives, TruePositives + FalsePositives + FalseNegatives);

    /// <summary>Precision (positive predictive value) = TP / (TP + FP); with nothing predicted, 1 if the truth is empty too, else 0.</summary>
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>Sensitivity (recall) = TP / (TP + FN); with an empty truth, 1 if nothing is predicted either, else 0.</summary>
    public double Sensitivity => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>Specificity = TN / (TN + FP); when every voxel is the class in the truth, 1 if also in the prediction, else 0.</summary>
    public double Specificity => Ratio(TrueNegatives, TrueNegatives + FalsePositives);

    /// <summary>The element-wise sum of two sets of counts (pooling over images).</summary>
    public static ClassCounts operator +(ClassCounts left, ClassCounts right) => Add(left, right);

    /// <summary>The element-wise sum of two sets of counts (pooling over images).</summary>
    public static ClassCounts Add(ClassCounts left, ClassCounts right) => new(
        left.TruePositives + right.TruePositives,
        left.FalsePositives + right.FalsePositives,
        left.FalseNegatives + right.FalseNegatives,
        left.TrueNegatives + right.TrueNegatives);

    private double Ratio(long numerator, long denominator)
    {
        if (denominator == 0)
        {
            return FalsePositives == 0 && FalseNegatives == 0 ? 1.0 : 0.0;
        }

        return (double)numerator / denominator;
    }
}
