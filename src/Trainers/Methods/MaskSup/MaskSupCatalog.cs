using MLSegmentation.Onnx;
using MLSegmentation.Trainers.Methods;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Trainers.Estimators;

/// <summary>
/// <c>mlContext.Segmentation().Trainers.MaskSup(...)</c>: MaskSup (<see cref="MaskSupMethod"/>) as an ML.NET estimator, with a
/// simple overload and an options overload like the catalog's other trainers. The trained model is an ordinary one-pass
/// segmenter with the task's classes, so it transforms, saves and exports like the baseline's.
/// </summary>
/// <remarks>
/// <see cref="MaskSupMode.Binary"/> (a two-class task, one logit z) gives a model whose probabilities are [1 − σ(z), σ(z)],
/// in the engine and in the exported graph (<c>SegmenterExportOptions.BinaryLogit</c>), so it scores like any other two-class segmenter.
/// </remarks>
public static class MaskSupCatalog
{
    /// <summary>
    /// MaskSup with the paper's loss weights for <paramref name="steps"/> steps, in multi-class or binary <paramref name="mode"/>, as an
    /// ML.NET estimator, with MaskSup's preset (<see cref="MethodPreset.MaskSup"/>; <paramref name="learningRate"/> null keeps its 1e-4);
    /// seed from the <c>MLContext</c>.
    /// </summary>
    public static SegmentationEstimator MaskSup(this SegmentationTrainers catalog, string labelColumnName = SegmentationColumnNames.Label,
        string imageColumnName = SegmentationColumnNames.Image, int steps = 1000, double? learningRate = null, int batchSize = 8,
        double alpha = 1, double beta = 1, double gamma = 1, MaskSupMode mode = MaskSupMode.MultiClass)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var options = new MaskSupTrainerOptions();
        return catalog.MaskSup(options with
        {
            LabelColumnName = labelColumnName, ImageColumnName = imageColumnName,
            Training = options.Training.WithBudget(steps, learningRate, batchSize),
            MaskSup = new MaskSupOptions { Alpha = alpha, Beta = beta, Gamma = gamma, Mode = mode },
        });
    }

    /// <summary>MaskSup with every option, as an ML.NET estimator.</summary>
    public static SegmentationEstimator MaskSup(this SegmentationTrainers catalog, MaskSupTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        options.MaskSup.Validate();
        return new SegmentationEstimator(catalog.MLContext, "masksup", () => new MaskSupMethod(options.MaskSup), options);
    }
}
