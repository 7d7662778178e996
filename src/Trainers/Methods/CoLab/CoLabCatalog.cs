using MLSegmentation.Onnx;
using MLSegmentation.Trainers.Methods;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Trainers.Estimators;

/// <summary>
/// <c>mlContext.Segmentation().Trainers.CoLab(...)</c>: CoLab (<see cref="CoLabMethod"/>) as an ML.NET estimator, with a
/// simple overload and an options overload like the catalog's other trainers. The trained model has C + K output channels; the model
/// (and its ONNX export) merges the K context channels into background, so it scores C classes like any other segmenter.
/// </summary>
public static class CoLabCatalog
{
    /// <summary>
    /// CoLab with <paramref name="contextClasses"/> context classes for <paramref name="steps"/> steps, as an ML.NET estimator, with
    /// CoLab's preset (<see cref="MethodPreset.CoLab"/>; <paramref name="learningRate"/> null keeps its 1e-2); seed from the <c>MLContext</c>.
    /// </summary>
    public static SegmentationEstimator CoLab(this SegmentationTrainers catalog, string labelColumnName = SegmentationColumnNames.Label,
        string imageColumnName = SegmentationColumnNames.Image, int steps = 1000, double? learningRate = null, int batchSize = 8,
        int contextClasses = 1, MetaGradient metaGradient = MetaGradient.Exact)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var options = new CoLabTrainerOptions();
        return catalog.CoLab(options with
        {
            LabelColumnName = labelColumnName, ImageColumnName = imageColumnName,
            Training = options.Training.WithBudget(steps, learningRate, batchSize),
            CoLab = new CoLabOptions { ContextClasses = contextClasses, MetaGradient = metaGradient },
        });
    }

    /// <summary>CoLab with every option, as an ML.NET estimator.</summary>
    public static SegmentationEstimator CoLab(this SegmentationTrainers catalog, CoLabTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        options.CoLab.Validate();
        return new SegmentationEstimator(catalog.MLContext, "colab", () => new CoLabMethod(options.CoLab), options);
    }
}
