using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLSegmentation.Onnx;
using MLSegmentation.Trainers.Metrics;
using MLSegmentation.Transforms;

namespace MLSegmentation.Trainers.Estimators;

/// <summary>
/// Segmentation in ML.NET, as <c>mlContext.Segmentation()</c> (the convention of <c>mlContext.Recommendation()</c>):
/// the <see cref="Trainers"/> and <see cref="Evaluate"/>.
/// <code>
/// var mlContext = new MLContext(seed: 1);
/// IDataView data = mlContext.Data.LoadFromEnumerable(rows);            // Image and Label: file paths
/// var pipeline = mlContext.Segmentation().Trainers.Baseline(steps: 500);
/// using SegmentationTransformer model = pipeline.Fit(data);
/// MetricsReport metrics = mlContext.Segmentation().Evaluate(model.Transform(data));
/// </code>
/// </summary>
public sealed class SegmentationCatalog
{
    internal SegmentationCatalog(MLContext mlContext)
    {
        MLContext = mlContext;
        Trainers = new SegmentationTrainers(mlContext);
    }

    /// <summary>The context.</summary>
    public MLContext MLContext { get; }

    /// <summary>The trainers: Baseline, CoLab, MaskSup, CoLabMaskSup, SemanticContrastive.</summary>
    public SegmentationTrainers Trainers { get; }

    /// <summary>
    /// Per-class Dice, IoU, precision, sensitivity, specificity, HD95 and more (docs/metrics.md) of the predicted masks
    /// in <paramref name="data"/> (a <see cref="SegmentationTransformer"/>'s output) against its label column.
    /// </summary>
    /// <param name="data">Scored data.</param>
    /// <param name="labelColumnName">The ground truth: a mask file path or an <c>MLImage</c>.</param>
    /// <param name="predictedLabelColumnName">The predicted masks, with their <c>ClassNames</c> annotation.</param>
    /// <param name="sizeColumnName">The masks' sizes.</param>
    /// <param name="imageFolder">Where relative mask paths are resolved; null for the working directory.</param>
    /// <param name="surfaceDistances">Also compute HD95 and the mean surface distance (slower).</param>
    /// <param name="classNames">
    /// The class names, index = class, for predictions without a <c>ClassNames</c> annotation (a model loaded with
    /// <c>mlContext.Model.Load</c> gives none); null to read the annotation.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of the wrong type, or the masks carry no class names and none are given; the message names it.</exception>
    /// <exception cref="DatasetException">A mask cannot be read, or its size differs from the prediction's; the message names it.</exception>
    public MetricsReport Evaluate(IDataView data, string labelColumnName = SegmentationColumnNames.Label,
        string predictedLabelColumnName = SegmentationColumnNames.PredictedLabel, string sizeColumnName = SegmentationColumnNames.Size,
        string? imageFolder = null, bool surfaceDistances = true, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        DataViewSchema.Column label = SegmentationColumn.Find(data.Schema, labelColumnName, "label");
        DataViewSchema.Column predicted = Column(data.Schema, predictedLabelColumnName, NumberDataViewType.UInt32, "predicted label");
        DataViewSchema.Column size = Column(data.Schema, sizeColumnName, NumberDataViewType.Int32, "size");
        string[] names = classNames is null ? ClassNames(predicted) : [.. classNames];
        if (names.Length == 0) throw new ArgumentException("classNames must name at least one class", nameof(classNames));
        var metrics = new MetricsAccumulator(new MetricsOptions(names.Length) { ClassNames = names, SurfaceDistances = surfaceDistances });
        using DataViewRowCursor cursor = data.GetRowCursor([label, predicted, size]);
        var truthOf = SegmentationColumn.MaskGetter(cursor, label, imageFolder, MaskEncoding.Auto, names.Length);
        var sourceOf = SegmentationColumn.SourceGetter(cursor, label, imageFolder);
        var predictedOf = cursor.GetGetter<VBuffer<uint>>(predicted);
        var sizeOf = cursor.GetGetter<VBuffer<int>>(size);
        VBuffer<uint> labels = default;
        VBuffer<int> shape = default;
        while (cursor.MoveNext())
        {
            LabelMap truth = truthOf();
            predictedOf(ref labels);
            sizeOf(ref shape);
            int[] dims = shape.DenseValues().ToArray();
            if (!dims.SequenceEqual(truth.Size))
                throw new DatasetException(sourceOf(), $"the mask is [{string.Join("×", truth.Size)}] but the prediction is [{string.Join("×", dims)}]", null);
            int[] values = labels.DenseValues().Select(v => (int)v).ToArray();
            metrics.Add(new LabelMap(dims, values, truth.Spacing), truth);
        }
        using (IChannel channel = ((IHostEnvironment)MLContext).Register("Segmentation.Evaluate").Start("Evaluate"))
            channel.Info(MessageSensitivity.None, $"evaluated {metrics.Count} masks against '{label.Name}'");
        return metrics.Report();
    }

    private static DataViewSchema.Column Column(DataViewSchema schema, string name, PrimitiveDataViewType item, string role)
    {
        if (schema.GetColumnOrNull(name) is not { } column)
            throw new ArgumentOutOfRangeException(nameof(schema), $"Could not find {role} column '{name}'");
        if (column.Type is not VectorDataViewType vector || vector.ItemType != item)
            throw new ArgumentOutOfRangeException(nameof(schema), $"Schema mismatch for {role} column '{name}': expected a vector of {item}, got {column.Type}");
        return column;
    }

    private static string[] ClassNames(DataViewSchema.Column predicted)
    {
        if (predicted.Annotations.Schema.GetColumnOrNull(SegmentationColumnNames.ClassNamesAnnotation) is null)
            throw new ArgumentOutOfRangeException(nameof(predicted), $"the predicted label column '{predicted.Name}' has no {SegmentationColumnNames.ClassNamesAnnotation} annotation: score the data with a SegmentationTransformer, or give the class names");
        VBuffer<ReadOnlyMemory<char>> names = default;
        predicted.Annotations.GetValue(SegmentationColumnNames.ClassNamesAnnotation, ref names);
        return [.. names.DenseValues().Select(n => n.ToString())];
    }
}
