namespace MLSegmentation.Onnx;

/// <summary>The default column names of the segmentation trainers and scoring transformer, ML.NET's where ML.NET has one.</summary>
public static class SegmentationColumnNames
{
    /// <summary>The image column (a file path or an <c>MLImage</c>).</summary>
    public const string Image = "Image";

    /// <summary>The ground-truth mask column (a file path or an <c>MLImage</c>).</summary>
    public const string Label = "Label";

    /// <summary>The predicted mask (class indices).</summary>
    public const string PredictedLabel = "PredictedLabel";

    /// <summary>The class probabilities.</summary>
    public const string Score = "Score";

    /// <summary>The mask's size, [height, width] or [depth, height, width].</summary>
    public const string Size = "Size";

    /// <summary>The annotation of the mask and score columns that holds the class names, index = class.</summary>
    public const string ClassNamesAnnotation = "ClassNames";
}
