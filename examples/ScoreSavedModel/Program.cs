using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.ML;
using Microsoft.ML.Data;

// Scores a folder of images with a segmentation model saved by mlContext.Model.Save, in an app that has ML.NET, its
// ImageAnalytics and OnnxTransformer packages and ONNX Runtime, and no MLSegmentation assembly. Prints one line per
// image: its path, the mask's size and the first 16 hex digits of the SHA-256 of the mask's uint32 labels.
// Usage: ScoreSavedModel <model.zip> <folder>   (scores <folder>/images/*.png, given to the model as "images/<name>")
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: ScoreSavedModel <model.zip> <folder>");
    return 2;
}
var mlContext = new MLContext();
ITransformer model = mlContext.Model.Load(args[0], out _);
var rows = Directory.GetFiles(Path.Combine(args[1], "images"), "*.png").Order()
    .Select(f => new ImageRow { Image = "images/" + Path.GetFileName(f) }).ToList();
IDataView scored = model.Transform(mlContext.Data.LoadFromEnumerable(rows));

// The pipeline's LoadImages step replaced the Image paths by images: rows come back in order, so pair them with the paths.
using var cursor = scored.GetRowCursor([scored.Schema["PredictedLabel"], scored.Schema["Size"]]);
var mask = cursor.GetGetter<VBuffer<uint>>(scored.Schema["PredictedLabel"]);
var size = cursor.GetGetter<VBuffer<int>>(scored.Schema["Size"]);
VBuffer<uint> labels = default;
VBuffer<int> extent = default;
for (int row = 0; cursor.MoveNext(); row++)
{
    mask(ref labels);
    size(ref extent);
    uint[] values = labels.DenseValues().ToArray();
    string hash = Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(values.AsSpan())))[..16];
    Console.WriteLine($"{rows[row].Image} {string.Join("x", extent.DenseValues())} {hash}");
}
return 0;

internal sealed class ImageRow
{
    public string Image { get; set; } = "";
}
