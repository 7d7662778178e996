using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace MLSegmentation.Onnx;

/// <summary>
/// The chain of stock ML.NET steps a <see cref="SegmentationTransformer"/> is saved as, so that <c>mlContext.Model.Load</c>
/// reads it back in any app that has ML.NET, its ImageAnalytics and OnnxTransformer packages: the image
/// (<c>LoadImages</c> for a path column) → <c>ResizeImages</c> to the training size → <c>ExtractPixels</c> →
/// <c>ApplyOnnxModel</c> over the <see cref="SavedModelGraph"/>, which outputs the transformer's columns → the working
/// columns dropped. ML.NET scores one row at a time at the training size: the masks it gives are of the training size
/// (<c>Size</c> says so), resized from the image by SkiaSharp's nearest neighbour where the batched scorer is bilinear and
/// resizes back, so on images of the training size both give the same masks. <see cref="SegmentationTransformer.Load"/>
/// brings back the batched, any-size transformer from the same file.
/// </summary>
internal static class SavedModelChain
{
    private const string Image = "mlseg.Image";
    private const string Resized = "mlseg.Resized";

    /// <summary>The chain over <paramref name="wrappedModelPath"/> (a <see cref="SavedModelGraph"/>), fitted to an image column of text (paths) or images.</summary>
    /// <exception cref="NotSupportedException">The model is neither grey (1 channel) nor RGB (3), which ML.NET images cannot feed.</exception>
    public static ITransformer Build(MLContext mlContext, SegmentationModelInfo model, string wrappedModelPath,
        SegmentationTransformerOptions options, bool imageIsText)
    {
        var colours = model.Channels switch
        {
            1 => ImagePixelExtractingEstimator.ColorBits.Red,
            3 => ImagePixelExtractingEstimator.ColorBits.Rgb,
            _ => throw new NotSupportedException($"'{model.ModelPath}' takes {model.Channels} channels; ML.NET images give 1 (grey) or 3 (RGB): save it with SaveAsOnnx"),
        };
        var transforms = mlContext.Transforms;
        string[] outputs = options.OutputScore
            ? [options.PredictedLabelColumnName, options.SizeColumnName, options.ScoreColumnName]
            : [options.PredictedLabelColumnName, options.SizeColumnName];
        var working = new List<string> { Resized, SavedModelGraph.PixelsInput };
        IEstimator<ITransformer> chain = new EstimatorChain<ITransformer>();
        string image = options.ImageColumnName;
        if (imageIsText)
        {
            chain = chain.Append(transforms.LoadImages(Image, options.ImageFolder ?? "", image));
            image = Image;
            working.Add(Image);
        }
        chain = chain
            .Append(transforms.ResizeImages(Resized, model.TileSize.Width, model.TileSize.Height, image, ImageResizingEstimator.ResizingKind.Fill))
            .Append(transforms.ExtractPixels(SavedModelGraph.PixelsInput, Resized, colours, interleavePixelColors: false, outputAsFloatArray: true))
            .Append(transforms.ApplyOnnxModel(outputs, [SavedModelGraph.PixelsInput], wrappedModelPath))
            .Append(transforms.DropColumns([.. working]));
        return chain.Fit(EmptyInput(mlContext, options.ImageColumnName, imageIsText));
    }

    private static IDataView EmptyInput(MLContext mlContext, string column, bool imageIsText)
    {
        SchemaDefinition schema = SchemaDefinition.Create(imageIsText ? typeof(PathRow) : typeof(ImageRow));
        schema[0].ColumnName = column;
        return imageIsText
            ? mlContext.Data.LoadFromEnumerable(Array.Empty<PathRow>(), schema)
            : mlContext.Data.LoadFromEnumerable(Array.Empty<ImageRow>(), schema);
    }

    private sealed class PathRow
    {
        public string Image { get; set; } = "";
    }

    private sealed class ImageRow
    {
        [ImageType(1, 1)] // any size: only the column's kind is checked
        public MLImage? Image { get; set; }
    }
}
