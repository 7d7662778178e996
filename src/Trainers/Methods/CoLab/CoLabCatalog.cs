using MLSegmentation.Trainers.Methods;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Trainers.Estimators;

/// <summary>
/// <c>ctx.Trainers.CoLab(...)</c>: CoLab (<see cref="CoLabMethod"/>) as a trainer of the estimator API, with a simple overload
/// and an options overload like the catalog's other trainers. The trained model has C + K output channels; the model
/// (and its ONNX export) merges the K context channels into background, so it scores C classes like any other segmenter.
/// </summary>
public static class CoLabCatalog
{
    /// <summary>CoLab with <paramref name="contextClasses"/> context classes for <paramref name="steps"/> steps; seed from the context.</summary>
    public static SegmentationTrainerEstimator CoLab(this TrainersCatalog catalog, int steps = 1000, double learningRate = 1e-3, int batchSize = 8,
        int contextClasses = 1, MetaGradient metaGradient = MetaGradient.Exact)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.CoLab(new CoLabTrainerOptions
        {
            Training = new TrainerOptions { Steps = steps, LearningRate = learningRate, BatchSize = batchSize, Seed = catalog.Context.Seed },
            CoLab = new CoLabOptions { ContextClasses = contextClasses, MetaGradient = metaGradient },
        });
    }

    /// <summary>CoLab with every option.</summary>
    public static SegmentationTrainerEstimator CoLab(this TrainersCatalog catalog, CoLabTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        options.CoLab.Validate();
        return new SegmentationTrainerEstimator(catalog.Context, "colab", () => new CoLabMethod(options.CoLab), options);
    }
}
