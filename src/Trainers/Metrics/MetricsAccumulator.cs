using MLSegmentation.Transforms;

namespace MLSegmentation.Trainers.Metrics;

/// <summary>
/// Collects per-image metrics one image at a time and summarises them as a <see cref="MetricsReport"/>.
/// </summary>
/// <remarks>
/// Thread-safe: <see cref="Add(LabelMap, LabelMap)"/> and its overloads may be called from several threads at once
/// (each image is evaluated outside the lock; only the merge is serialised), and <see cref="Report"/> sees
/// every image whose <c>Add</c> has returned. The report does not depend on the order of the images.
/// </remarks>
public sealed class MetricsAccumulator
{
    private readonly Lock _gate = new();
    private readonly List<ImageMetrics> _images = [];
    private readonly ConfusionMatrix _confusion;

    /// <summary>An empty accumulator.</summary>
    public MetricsAccumulator(MetricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _confusion = new ConfusionMatrix(options.Classes);
    }

    /// <summary>Number of classes and what is computed.</summary>
    public MetricsOptions Options { get; }

    /// <summary>Number of images added so far.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _images.Count;
            }
        }
    }

    /// <summary>Evaluates and adds one image given as label maps (the spacing is the truth's).</summary>
    /// <returns>The image's own metrics.</returns>
    public ImageMetrics Add(LabelMap predicted, LabelMap truth) => Add(SegmentationMetrics.Evaluate(predicted, truth, Options));

    /// <summary>Evaluates and adds one image given as dense label arrays (x fastest).</summary>
    /// <param name="predicted">Predicted labels in [0, C).</param>
    /// <param name="truth">True labels in [0, C), same layout.</param>
    /// <param name="size">Spatial size, slowest axis first: [H, W] or [D, H, W].</param>
    /// <param name="spacing">Voxel spacing per axis in the order of <paramref name="size"/>; 1 when null.</param>
    /// <returns>The image's own metrics.</returns>
    public ImageMetrics Add(ReadOnlySpan<int> predicted, ReadOnlySpan<int> truth, IReadOnlyList<int> size, IReadOnlyList<double>? spacing = null) =>
        Add(SegmentationMetrics.Evaluate(predicted, truth, size, spacing, Options));

    /// <summary>Adds metrics already computed with the same number of classes.</summary>
    /// <returns><paramref name="image"/>.</returns>
    public ImageMetrics Add(ImageMetrics image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Classes.Count != Options.Classes)
        {
            throw new ArgumentException($"Metrics of {image.Classes.Count} classes added to a {Options.Classes}-class accumulator.", nameof(image));
        }

        lock (_gate)
        {
            _images.Add(image);
            _confusion.Add(image.Confusion);
        }

        return image;
    }

    /// <summary>Forgets every image.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _images.Clear();
            _confusion.Clear();
        }
    }

    /// <summary>Summarises the images added so far.</summary>
    public MetricsReport Report()
    {
        ImageMetrics[] images;
        ConfusionMatrix confusion = new(Options.Classes);
        lock (_gate)
        {
            images = _images.ToArray();
            confusion.Add(_confusion);
        }

        int classes = Options.Classes;
        int first = Options.FirstClass;
        var summaries = new ClassSummary[classes];
        for (int c = 0; c < classes; c++)
        {
            ClassMetrics[] withTruth = images.Select(m => m.Classes[c]).Where(m => !m.TruthEmpty).ToArray();

            // Distances not computed for this class give an empty statistic (count 0, none excluded); computed but
            // undefined ones (NaN: empty prediction) are excluded and counted by MetricStatistic.Of.
            ClassMetrics[] distances = Options.SurfaceDistances && c >= first ? withTruth : [];
            summaries[c] = new ClassSummary
            {
                Class = c,
                Name = Options.NameOf(c),
                ImagesWithTruth = withTruth.Length,
                ImagesWithPrediction = images.Count(m => !m.Classes[c].PredictionEmpty),
                FalsePositiveImages = images.Count(m => m.Classes[c].TruthEmpty && !m.Classes[c].PredictionEmpty),
                Dice = MetricStatistic.Of(withTruth.Select(m => m.Dice)),
                Iou = MetricStatistic.Of(withTruth.Select(m => m.Iou)),
                Precision = MetricStatistic.Of(withTruth.Select(m => m.Precision)),
                Sensitivity = MetricStatistic.Of(withTruth.Select(m => m.Sensitivity)),
                Specificity = MetricStatistic.Of(withTruth.Select(m => m.Specificity)),
                Hausdorff95 = MetricStatistic.Of(distances.Select(m => m.Hausdorff95)),
                MeanSurfaceDistance = MetricStatistic.Of(distances.Select(m => m.MeanSurfaceDistance)),
                PooledCounts = confusion.Counts(c),
            };
        }

        ClassSummary[] meaned = summaries[first..];
        ClassSummary[] pooledPresent = meaned.Where(s => !(s.PooledCounts.TruthEmpty && s.PooledCounts.PredictionEmpty)).ToArray();
        return new MetricsReport
        {
            Images = images.Length,
            IncludeBackground = Options.IncludeBackground,
            HausdorffPercentile = Options.HausdorffPercentile,
            Classes = summaries,
            ClassMeanDice = MeanOrNaN(meaned.Where(s => s.Dice.Count > 0).Select(s => s.Dice.Mean)),
            ClassMeanIou = MeanOrNaN(meaned.Where(s => s.Iou.Count > 0).Select(s => s.Iou.Mean)),
            PooledMeanDice = MeanOrNaN(pooledPresent.Select(s => s.PooledDice)),
            PooledMeanIou = MeanOrNaN(pooledPresent.Select(s => s.PooledIou)),
            MaskSupMeanIou = MeanOrNaN(images.Select(m => m.MaskSupIou)),
            PresentClassMeanIou = MeanOrNaN(images.Select(m => m.PresentClassMeanIou).Where(v => !double.IsNaN(v))),
            ConfusionMatrix = confusion.ToRows(),
        };
    }

    private static double MeanOrNaN(IEnumerable<double> values)
    {
        double sum = 0;
        int n = 0;
        foreach (double v in values)
        {
            sum += v;
            n++;
        }

        return n == 0 ? double.NaN : sum / n;
    }
}
