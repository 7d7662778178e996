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
/// Only the multi-class form is offered here: a binary (one-logit) network does not fit the model contract of
/// <see cref="SegmentationModel"/> (softmax over the task's classes); train it with <see cref="SegmentationTrainer"/>
/// and <see cref="MaskSupMethod"/>, whose <see cref="MaskSupMethod.Predict"/> gives the two-class logits.
/// </remarks>
public static class MaskSupCatalog
{
    /// <summary>MaskSup with the paper's loss weights for <paramref name="steps"/> steps, as an ML.NET estimator; seed from the <c>MLContext</c>.</summary>
    public static SegmentationEstimator MaskSup(this SegmentationTrainers catalog, string labelColumnName = SegmentationColumnNames.Label,
        string imageColumnName = SegmentationColumnNames.Image, int steps = 1000, double learningRate = 1e-3, int batchSize = 8,
        double alpha = 1, double beta = 1, double gamma = 1)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.MaskSup(new MaskSupTrainerOptions
        {
            LabelColumnName = labelColumnName, ImageColumnName = imageColumnName,
            Training = new TrainerOptions { Steps = steps, LearningRate = learningRate, BatchSize = batchSize },
            MaskSup = new MaskSupOptions { Alpha = alpha, Beta = beta, Gamma = gamma },
        });
    }

    /// <summary>MaskSup with every option, as an ML.NET estimator.</summary>
    public static SegmentationEstimator MaskSup(this SegmentationTrainers catalog, MaskSupTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        options.MaskSup.Validate();
        if (options.MaskSup.Mode != MaskSupMode.MultiClass)
            throw new NotSupportedException("the estimator API trains multi-class MaskSup; use SegmentationTrainer with MaskSupMethod for the binary form");
        return new SegmentationEstimator(catalog.MLContext, "masksup", () => new MaskSupMethod(options.MaskSup), options);
    }
}
