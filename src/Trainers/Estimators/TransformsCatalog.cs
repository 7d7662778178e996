using MLSegmentation.Transforms;

namespace MLSegmentation.Trainers.Estimators;

/// <summary>Preprocessing and augmentation steps, as <c>ctx.Transforms</c>; each starts a pipeline to append to.</summary>
public sealed class TransformsCatalog
{
    private readonly SegmentationContext _context;

    internal TransformsCatalog(SegmentationContext context) => _context = context;

    private SegmentationPipeline Preprocess(Preprocessing p) => new(_context, p, [], null);

    private SegmentationPipeline Augment(ISampleTransform t) => new(_context, new Preprocessing(), [t], null);

    /// <summary>Resizes every image (and its labels, by nearest neighbour) to height × width; the model resizes predictions back.</summary>
    public SegmentationPipeline Resize(int height, int width, ResizeMode mode = ResizeMode.Stretch) =>
        Preprocess(new Preprocessing { Size = [height, width], ResizeMode = mode });

    /// <summary>Resizes every volume to depth × height × width.</summary>
    public SegmentationPipeline Resize(int depth, int height, int width, ResizeMode mode = ResizeMode.Stretch) =>
        Preprocess(new Preprocessing { Size = [depth, height, width], ResizeMode = mode });

    /// <summary>Per image and channel: zero mean, unit variance.</summary>
    public SegmentationPipeline NormalizeZScore() => Preprocess(new Preprocessing { Normalization = IntensityNormalization.ZScore });

    /// <summary>Per channel: (x − mean) / std with fixed statistics.</summary>
    public SegmentationPipeline NormalizeMeanStd(IReadOnlyList<double> mean, IReadOnlyList<double> std) =>
        Preprocess(new Preprocessing { Normalization = IntensityNormalization.Fixed, Mean = mean, Std = std });

    /// <summary>x · factor (default 1/255: 8-bit images to [0, 1]).</summary>
    public SegmentationPipeline Scale(double factor = 1 / 255.0) =>
        Preprocess(new Preprocessing { Normalization = IntensityNormalization.Scale, ScaleFactor = factor });

    /// <summary>Training only: mirrors along the last axis (horizontal) with probability <paramref name="probability"/>.</summary>
    public SegmentationPipeline RandomFlip(double probability = 0.5) => Augment(new RandomFlip(0, probability));

    /// <summary>Training only: rotates by a uniform angle in ±<paramref name="maxDegrees"/>.</summary>
    public SegmentationPipeline RandomRotation(double maxDegrees = 15) => Augment(new RandomRotation(maxDegrees));

    /// <summary>Training only: scales by a uniform factor in [min, max].</summary>
    public SegmentationPipeline RandomScaling(double minScale = 0.85, double maxScale = 1.15) => Augment(new RandomScaling(minScale, maxScale));

    /// <summary>Training only: any label-aware sample transform of MLSegmentation.Transforms.</summary>
    public SegmentationPipeline Augmentation(ISampleTransform transform) => Augment(transform ?? throw new ArgumentNullException(nameof(transform)));
}
