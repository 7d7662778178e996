using MLSegmentation.Transforms;

namespace MLSegmentation.Trainers.Metrics;

/// <summary>
/// Per-image evaluation of a predicted label map against the ground truth: per-class overlap metrics, surface
/// distances and the confusion matrix. docs/metrics.md gives the definitions.
/// </summary>
/// <remarks>
/// One pass over the voxels counts the confusion matrix and each class's bounding box (of prediction and truth
/// together); surface distances are then computed per class inside that box, which holds both surfaces, so the
/// result is exact and the cost is linear in the box size.
/// </remarks>
public static class SegmentationMetrics
{
    /// <summary>Evaluates one image given as label maps of the same size; the spacing is the truth's.</summary>
    public static ImageMetrics Evaluate(LabelMap predicted, LabelMap truth, MetricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(truth);
        if (!predicted.Size.SequenceEqual(truth.Size))
        {
            throw new ArgumentException(
                $"Prediction [{string.Join(", ", predicted.Size)}] and truth [{string.Join(", ", truth.Size)}] differ in size.", nameof(predicted));
        }

        return Evaluate(predicted.Data, truth.Data, truth.Size, truth.Spacing, options);
    }

    /// <summary>Evaluates one image given as dense label arrays (x fastest).</summary>
    /// <param name="predicted">Predicted labels in [0, C).</param>
    /// <param name="truth">True labels in [0, C), same layout.</param>
    /// <param name="size">Spatial size, slowest axis first: [H, W] or [D, H, W].</param>
    /// <param name="spacing">Voxel spacing per axis in the order of <paramref name="size"/>; 1 when null.</param>
    /// <param name="options">Number of classes and what to compute.</param>
    public static ImageMetrics Evaluate(
        ReadOnlySpan<int> predicted, ReadOnlySpan<int> truth, IReadOnlyList<int> size, IReadOnlyList<double>? spacing, MetricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int voxels = MetricGrid.Check(size, spacing, out double[] spacingValues);
        if (predicted.Length != voxels || truth.Length != voxels)
        {
            throw new ArgumentException($"{predicted.Length} predicted and {truth.Length} true labels for a grid of {voxels} voxels.", nameof(predicted));
        }

        int classes = options.Classes;
        int depth = size.Count == 3 ? size[0] : 1;
        int height = size[^2];
        int width = size[^1];

        var confusion = new ConfusionMatrix(classes);
        var boxes = new BoundingBoxes(classes);
        int i = 0;
        for (int z = 0; z < depth; z++)
        {
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++, i++)
                {
                    int t = truth[i];
                    int p = predicted[i];
                    if ((uint)t >= (uint)classes || (uint)p >= (uint)classes)
                    {
                        throw ConfusionMatrix.LabelOutOfRange(t, p, i);
                    }

                    confusion.Increment(t, p);
                    boxes.Include(t, z, y, x);
                    if (p != t)
                    {
                        boxes.Include(p, z, y, x);
                    }
                }
            }
        }

        var perClass = new ClassMetrics[classes];
        for (int c = 0; c < classes; c++)
        {
            ClassCounts counts = confusion.Counts(c);
            SurfaceDistances distances = options.SurfaceDistances && c >= options.FirstClass
                ? Distances(predicted, truth, size, spacingValues, c, counts, boxes, options)
                : SurfaceDistances.NotComputed;
            perClass[c] = new ClassMetrics(c, counts, distances);
        }

        return new ImageMetrics(confusion, perClass, MaskSupIou(perClass), PresentClassMeanIou(perClass, options.FirstClass));
    }

    /// <summary>scikit-learn's micro-averaged Jaccard over all labels: Σ TP / Σ (TP + FP + FN).</summary>
    private static double MaskSupIou(ClassMetrics[] perClass)
    {
        long intersection = 0;
        long union = 0;
        foreach (ClassMetrics m in perClass)
        {
            intersection += m.Counts.TruePositives;
            union += m.Counts.TruePositives + m.Counts.FalsePositives + m.Counts.FalseNegatives;
        }

        return union == 0 ? 1.0 : (double)intersection / union;
    }

    private static double PresentClassMeanIou(ClassMetrics[] perClass, int firstClass)
    {
        double sum = 0;
        int count = 0;
        for (int c = firstClass; c < perClass.Length; c++)
        {
            if (!perClass[c].TruthEmpty || !perClass[c].PredictionEmpty)
            {
                sum += perClass[c].Iou;
                count++;
            }
        }

        return count == 0 ? double.NaN : sum / count;
    }

    private static SurfaceDistances Distances(
        ReadOnlySpan<int> predicted,
        ReadOnlySpan<int> truth,
        IReadOnlyList<int> size,
        double[] spacing,
        int c,
        ClassCounts counts,
        BoundingBoxes boxes,
        MetricsOptions options)
    {
        if (counts.TruthEmpty && counts.PredictionEmpty)
        {
            return SurfaceDistances.BothEmpty;
        }

        if (counts.TruthEmpty || counts.PredictionEmpty)
        {
            return SurfaceDistances.OneEmpty(options.MissingSurfaceDistance);
        }

        (int z0, int z1, int y0, int y1, int x0, int x1) = boxes.Box(c);
        int height = size[^2];
        int width = size[^1];
        int cropDepth = z1 - z0 + 1;
        int cropHeight = y1 - y0 + 1;
        int cropWidth = x1 - x0 + 1;
        var cropPredicted = new bool[cropDepth * cropHeight * cropWidth];
        var cropTruth = new bool[cropPredicted.Length];
        int j = 0;
        for (int z = z0; z <= z1; z++)
        {
            for (int y = y0; y <= y1; y++)
            {
                int row = (z * height + y) * width;
                for (int x = x0; x <= x1; x++, j++)
                {
                    cropPredicted[j] = predicted[row + x] == c;
                    cropTruth[j] = truth[row + x] == c;
                }
            }
        }

        int[] cropSize = size.Count == 3 ? [cropDepth, cropHeight, cropWidth] : [cropHeight, cropWidth];
        return SurfaceDistance.Compute(cropPredicted, cropTruth, cropSize, spacing, options.HausdorffPercentile, options.MissingSurfaceDistance);
    }
}
