using Microsoft.ML;
using MLSegmentation.Onnx;
using MLSegmentation.Trainers.Losses;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Trainers.Estimators;

/// <summary>
/// The segmentation trainers, as <c>mlContext.Segmentation().Trainers</c>: <see cref="Baseline(string, string, int, double, int)"/>
/// here, CoLab, MaskSup, CoLabMaskSup and SemanticContrastive as extension methods beside each method (<see cref="CoLabCatalog"/>,
/// <see cref="MaskSupCatalog"/>, <see cref="CoLabMaskSupCatalog"/>, <see cref="SemanticContrastiveCatalog"/>). Each has a simple overload (column names
/// first, as ML.NET's trainers) and an options overload; the seed comes from the <c>MLContext</c> unless
/// <see cref="TrainerEstimatorOptions.Seed"/> is set, and any of them starts from a contrastive-pretrained encoder with
/// <see cref="TrainerEstimatorOptions.PretrainedEncoder"/>.
/// </summary>
public sealed class SegmentationTrainers
{
    internal SegmentationTrainers(MLContext mlContext) => MLContext = mlContext;

    /// <summary>The context the trainers belong to.</summary>
    public MLContext MLContext { get; }

    /// <summary>Plain supervised training with Dice + cross-entropy for <paramref name="steps"/> steps.</summary>
    public SegmentationEstimator Baseline(string labelColumnName = SegmentationColumnNames.Label, string imageColumnName = SegmentationColumnNames.Image,
        int steps = 1000, double learningRate = 1e-3, int batchSize = 8) =>
        Baseline(new BaselineOptions
        {
            LabelColumnName = labelColumnName, ImageColumnName = imageColumnName,
            Training = new TrainerOptions { Steps = steps, LearningRate = learningRate, BatchSize = batchSize },
        });

    /// <summary>Plain supervised training with every option.</summary>
    public SegmentationEstimator Baseline(BaselineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SegmentationEstimator(MLContext, "baseline", () => new BaselineMethod(options.Loss), options);
    }
}
