namespace MLSegmentation.Trainers.Metrics;

/// <summary>The metrics of one image: per class, its confusion matrix and the per-image mIoU variants.</summary>
public sealed class ImageMetrics
{
    internal ImageMetrics(ConfusionMatrix confusion, IReadOnlyList<ClassMetrics> classes, double maskSupIou, double presentClassMeanIou)
    {
        Confusion = confusion;
        Classes = classes;
        MaskSupIou = maskSupIou;
        PresentClassMeanIou = presentClassMeanIou;
    }

    /// <summary>The C×C voxel counts (row = truth, column = prediction).</summary>
    public ConfusionMatrix Confusion { get; }

    /// <summary>Per-class metrics, indexed by class (background included).</summary>
    public IReadOnlyList<ClassMetrics> Classes { get; }

    /// <summary>
    /// MaskSup's per-image IoU: scikit-learn's <c>jaccard_score(average="micro")</c> over all labels,
    /// Σ_c TP_c / Σ_c (TP_c + FP_c + FN_c) = correct / (correct + 2·wrong) for single-label maps.
    /// </summary>
    public double MaskSupIou { get; }

    /// <summary>
    /// Mean IoU over the classes present in the truth or the prediction (background only when included);
    /// NaN when there is none.
    /// </summary>
    public double PresentClassMeanIou { get; }
}
