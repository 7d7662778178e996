using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLSegmentation.Transforms;

namespace MLSegmentation.Trainers.Estimators;

/// <summary>
/// The rows of an <see cref="IDataView"/> as a segmentation dataset. When image and label columns are both file
/// paths, the files are decoded on access (<see cref="FileSegmentationDataset"/>); when either is an <c>MLImage</c>,
/// every row is converted once, into memory (<see cref="InMemorySegmentationDataset"/>: use path columns for data
/// larger than memory). Class names come from the options or, when none are given, from the values the masks hold.
/// </summary>
internal static class DataViewDataset
{
    public static ISegmentationDataset Read(IDataView data, TrainerEstimatorOptions options, IReadOnlyList<string>? classNames, string role, IChannel channel)
    {
        var image = SegmentationColumn.Find(data.Schema, options.ImageColumnName, "image");
        var label = SegmentationColumn.Find(data.Schema, options.LabelColumnName, "label");
        string where = $"{role}, label column '{label.Name}'";
        using DataViewRowCursor cursor = data.GetRowCursor([image, label]);
        if (image.Type is TextDataViewType && label.Type is TextDataViewType)
        {
            var imagePath = SegmentationColumn.SourceGetter(cursor, image, options.ImageFolder);
            var maskPath = SegmentationColumn.SourceGetter(cursor, label, options.ImageFolder);
            var samples = new List<SampleInfo>();
            while (cursor.MoveNext()) samples.Add(new SampleInfo($"row {cursor.Position}", [imagePath()], maskPath()));
            if (samples.Count == 0) throw new ArgumentException($"the {role} has no rows", nameof(data));
            classNames ??= Infer(InferredClassNames.FromMasks([.. samples.Select(s => s.MaskPath!)], options.MaskEncoding, where), channel);
            return new FileSegmentationDataset(samples, classNames, options.MaskEncoding);
        }

        var readImage = SegmentationColumn.ImageGetter(cursor, image, options.ImageFolder);
        var readMask = SegmentationColumn.MaskGetter(cursor, label, options.ImageFolder, options.MaskEncoding, classNames?.Count ?? 0);
        var imageSource = SegmentationColumn.SourceGetter(cursor, image, options.ImageFolder);
        var maskSource = SegmentationColumn.SourceGetter(cursor, label, options.ImageFolder);
        var infos = new List<SampleInfo>();
        var rows = new List<SegmentationSample>();
        while (cursor.MoveNext())
        {
            infos.Add(new SampleInfo($"row {cursor.Position}", [imageSource()], maskSource()));
            rows.Add(new SegmentationSample(readImage(), readMask()));
        }
        if (rows.Count == 0) throw new ArgumentException($"the {role} has no rows", nameof(data));
        if (rows.Any(r => r.Image.Channels == 3) && rows.Any(r => r.Image.Channels == 1))
            rows = [.. rows.Select(r => r.Image.Channels == 1 ? r with { Image = ToColour(r.Image) } : r)];
        classNames ??= Infer(InferredClassNames.FromLabelMaps(rows.Select(r => r.Labels!), where), channel);
        return new InMemorySegmentationDataset(infos, rows, classNames);
    }

    private static IReadOnlyList<string> Infer((IReadOnlyList<string> Names, IReadOnlyList<int> Values) inferred, IChannel channel)
    {
        channel.Warning(MessageSensitivity.None, $"no class names given: the masks hold the values {string.Join(", ", inferred.Values)}, " +
            $"so the model has {inferred.Names.Count} classes ({string.Join(", ", inferred.Names)}); set ClassNames in the trainer's options to name them");
        return inferred.Names;
    }

    // A grey row of a data view whose other rows are colour: LoadImages gives every image R, G and B, so grey is R = G = B.
    private static Image ToColour(Image grey)
    {
        var data = new float[3 * grey.Data.Length];
        for (int c = 0; c < 3; c++) grey.Data.CopyTo(data, c * grey.Data.Length);
        return new Image(3, grey.Size, data, grey.Spacing);
    }
}
