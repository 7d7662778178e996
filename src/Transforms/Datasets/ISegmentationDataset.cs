namespace MLSegmentation.Transforms;

/// <summary>
/// A list of segmentation samples that are decoded on access. Implementations know their samples'
/// files (for messages) without reading them, and <see cref="Load"/> is safe to call from any number
/// of threads at once.
/// </summary>
public interface ISegmentationDataset
{
    /// <summary>Number of samples.</summary>
    int Count { get; }

    /// <summary>Class names, index = class (0 = background); empty when the source declares none.</summary>
    IReadOnlyList<string> ClassNames { get; }

    /// <summary>The identity and source files of sample <paramref name="index"/>, without decoding anything.</summary>
    SampleInfo GetInfo(int index);

    /// <summary>Decodes sample <paramref name="index"/>: its image (all modalities as channels) and label map.</summary>
    /// <exception cref="DatasetException">A file is missing, corrupt, of an unknown format, or inconsistent; the message names it.</exception>
    SegmentationSample Load(int index);
}
