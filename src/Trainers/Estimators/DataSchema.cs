using MLSegmentation.Networks;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Transforms;

namespace MLSegmentation.Trainers.Estimators;

/// <summary>
/// What a pipeline learns about its data before training, checked up front (as ML.NET checks a schema
/// before <c>Fit</c>): classes, channels, and that the images have the network's dimensions.
/// </summary>
internal sealed record DataSchema(IReadOnlyList<string> ClassNames, int Channels, IReadOnlyList<int> Size)
{
    public int Classes => ClassNames.Count;

    public static DataSchema Check(ISegmentationDataset train, ISegmentationDataset? validation, Preprocessing preprocessing, UNetOptions network)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Count == 0) throw new ArgumentException("the training dataset is empty", nameof(train));
        if (train.ClassNames.Count < 2)
            throw new ArgumentException("the training dataset declares no class names (at least background and one class): add a class-names file (classes.txt) or use a layout that declares them", nameof(train));
        if (validation is not null)
        {
            if (validation.Count == 0) throw new ArgumentException("the validation dataset is empty", nameof(validation));
            if (validation.ClassNames.Count > 0 && !validation.ClassNames.SequenceEqual(train.ClassNames))
                throw new ArgumentException($"validation classes [{string.Join(", ", validation.ClassNames)}] differ from training classes [{string.Join(", ", train.ClassNames)}]", nameof(validation));
        }
        SegmentationSample first = train.Load(0);
        IReadOnlyList<int> size = preprocessing.Size ?? first.Image.Size;
        if (size.Count != network.Dimensions)
            throw new ArgumentException($"{train.GetInfo(0)}: a {size.Count}D image for a {network.Dimensions}D network", nameof(train));
        return new DataSchema(train.ClassNames, first.Image.Channels, size);
    }
}
