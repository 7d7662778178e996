using MLSegmentation.Onnx;
using MLSegmentation.Trainers.Methods;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Trainers.Estimators;

/// <summary>
/// <c>mlContext.Segmentation().Trainers.CoLabMaskSup(...)</c>: CoLab with MaskSup's masked branch
/// (<see cref="CoLabMaskSupMethod"/>) as an ML.NET estimator, with a simple overload and an options overload like the
/// catalog's other trainers. The trained model is a CoLab model: C + K output channels, the context merged into background
/// in the model and its ONNX export, which scores C classes like any other segmenter.
/// </summary>
public static class CoLabMaskSupCatalog
{
    /// <summary>
    /// colab+masksup with <paramref name="contextClasses"/> context classes and MaskSup's weights <paramref name="alpha"/>,
    /// <paramref name="beta"/>, <paramref name="gamma"/> for <paramref name="steps"/> steps, as an ML.NET estimator, with CoLab's
    /// preset (<see cref="MethodPreset.CoLab"/>; <paramref name="learningRate"/> null keeps its 1e-2); seed from the <c>MLContext</c>.
    /// </summary>
    public static SegmentationEstimator CoLabMaskSup(this SegmentationTrainers catalog, string labelColumnName = SegmentationColumnNames.Label,
        string imageColumnName = SegmentationColumnNames.Image, int steps = 1000, double? learningRate = null, int batchSize = 8,
        int contextClasses = 1, double alpha = 1, double beta = 1, double gamma = 1)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var options = new CoLabMaskSupTrainerOptions();
        return catalog.CoLabMaskSup(options with
        {
            LabelColumnName = labelColumnName, ImageColumnName = imageColumnName,
            Training = options.Training.WithBudget(steps, learningRate, batchSize),
            CoLab = new CoLabOptions { ContextClasses = contextClasses },
            MaskSup = new MaskSupOptions { Alpha = alpha, Beta = beta, Gamma = gamma },
        });
    }

    /// <summary>colab+masksup with every option, as an ML.NET estimator.</summary>
    /// <exception cref="ArgumentException">An option is out of range, or MaskSup's are not multi-class with the default loss.</exception>
    public static SegmentationEstimator CoLabMaskSup(this SegmentationTrainers catalog, CoLabMaskSupTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        options.CoLab.Validate();
        CoLabMaskSupMethod.Validate(options.MaskSup);
        return new SegmentationEstimator(catalog.MLContext, "colab+masksup", () => new CoLabMaskSupMethod(options.CoLab, options.MaskSup), options);
    }
}
