namespace MLSegmentation.Onnx;

/// <summary>Options of a <see cref="SegmentationTransformer"/>: its columns and how it scores. Read once when the transformer is made.</summary>
public sealed class SegmentationTransformerOptions
{
    /// <summary>The input column: text (an image file path) or an image (<c>MLImage</c>, from <c>LoadImages</c>); default <c>Image</c>.</summary>
    public string ImageColumnName { get; set; } = SegmentationColumnNames.Image;

    /// <summary>The output mask: a vector of <see cref="uint"/> class indices (0 = background) in row-major order, with a <c>ClassNames</c> annotation; default <c>PredictedLabel</c>.</summary>
    public string PredictedLabelColumnName { get; set; } = SegmentationColumnNames.PredictedLabel;

    /// <summary>The output size of each mask, [height, width] or [depth, height, width] (<see cref="int"/>); default <c>Size</c>.</summary>
    public string SizeColumnName { get; set; } = SegmentationColumnNames.Size;

    /// <summary>Also output the class probabilities, K maps one after the other, as <see cref="ScoreColumnName"/>; default off.</summary>
    public bool OutputScore { get; set; }

    /// <summary>The output probabilities (<see cref="float"/>, [K, spatial…] flattened); default <c>Score</c>.</summary>
    public string ScoreColumnName { get; set; } = SegmentationColumnNames.Score;

    /// <summary>The folder relative paths of a text image column are resolved against; null (default) for the working directory.</summary>
    public string? ImageFolder { get; set; }

    /// <summary>
    /// Device, batch size, resize policy, thresholds, and the normalisation and class names of a model without this
    /// project's metadata (exported from PyTorch, say). <see cref="OnnxSegmenterOptions.OutputProbabilities"/> follows <see cref="OutputScore"/>.
    /// </summary>
    public OnnxSegmenterOptions Scoring { get; set; } = new();

    internal SegmentationTransformerOptions Validated()
    {
        foreach (var (name, value) in new[] { (nameof(ImageColumnName), ImageColumnName), (nameof(PredictedLabelColumnName), PredictedLabelColumnName), (nameof(SizeColumnName), SizeColumnName), (nameof(ScoreColumnName), ScoreColumnName) })
        {
            if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{name} must name a column", name);
        }
        string[] outputs = OutputScore ? [PredictedLabelColumnName, SizeColumnName, ScoreColumnName] : [PredictedLabelColumnName, SizeColumnName];
        if (outputs.Distinct(StringComparer.Ordinal).Count() != outputs.Length)
            throw new ArgumentException($"the output columns must have distinct names, not {string.Join(", ", outputs)}", nameof(PredictedLabelColumnName));
        ArgumentNullException.ThrowIfNull(Scoring, nameof(Scoring));
        return new SegmentationTransformerOptions
        {
            ImageColumnName = ImageColumnName,
            PredictedLabelColumnName = PredictedLabelColumnName,
            SizeColumnName = SizeColumnName,
            OutputScore = OutputScore,
            ScoreColumnName = ScoreColumnName,
            ImageFolder = ImageFolder,
            Scoring = Scoring,
        };
    }
}
