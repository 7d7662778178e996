using Microsoft.ML.Data;

namespace MLSegmentation.Onnx;

/// <summary>
/// The columns a <see cref="SegmentationTransformer"/> adds, defined once for the transformer's schema and its
/// trainers' <c>GetOutputSchema</c>: the mask (<see cref="uint"/> class indices, variable length, with the class names as
/// its <see cref="SegmentationColumnNames.ClassNamesAnnotation"/> annotation), its size (<see cref="int"/> × spatial
/// dimensions) and, when asked, the probabilities (<see cref="float"/>, with the class names too).
/// </summary>
internal static class SegmentationOutputColumns
{
    /// <summary>One added column: its name, type, and whether it carries the class names.</summary>
    public readonly record struct Column(string Name, DataViewType Type, bool HasClassNames);

    /// <summary>The columns added with <paramref name="predictedLabel"/>, <paramref name="size"/> and (when <paramref name="outputScore"/>) <paramref name="score"/> as names.</summary>
    public static IReadOnlyList<Column> Of(string predictedLabel, string size, string score, bool outputScore, int spatialDimensions)
    {
        var columns = new List<Column>
        {
            new(predictedLabel, new VectorDataViewType(NumberDataViewType.UInt32), HasClassNames: true),
            new(size, new VectorDataViewType(NumberDataViewType.Int32, spatialDimensions), HasClassNames: false),
        };
        if (outputScore) columns.Add(new(score, new VectorDataViewType(NumberDataViewType.Single), HasClassNames: true));
        return columns;
    }

    /// <summary>The columns of <paramref name="options"/>.</summary>
    public static IReadOnlyList<Column> Of(SegmentationTransformerOptions options, int spatialDimensions) =>
        Of(options.PredictedLabelColumnName, options.SizeColumnName, options.ScoreColumnName, options.OutputScore, spatialDimensions);

    /// <summary>The annotation type of the class names.</summary>
    public static VectorDataViewType ClassNamesType(int classes) => new(TextDataViewType.Instance, classes);
}
