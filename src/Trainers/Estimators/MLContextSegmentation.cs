using Microsoft.ML;

namespace MLSegmentation.Trainers.Estimators;

/// <summary>The entry point of the segmentation catalog on ML.NET's <see cref="MLContext"/>.</summary>
public static class MLContextSegmentation
{
    /// <summary>The segmentation trainers and evaluation of <paramref name="mlContext"/>.</summary>
    public static SegmentationCatalog Segmentation(this MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return new SegmentationCatalog(mlContext);
    }
}
