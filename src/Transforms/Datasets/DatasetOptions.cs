namespace MLSegmentation.Transforms;

/// <summary>Options for opening a dataset from files.</summary>
public sealed record DatasetOptions
{
    /// <summary>How masks encode classes. Default <see cref="MaskEncoding.Auto"/>.</summary>
    public MaskEncoding MaskEncoding { get; init; } = MaskEncoding.Auto;

    /// <summary>Class names (index = class), overriding any class-names file; mask values must lie below their count.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>
    /// Leave out samples with structural problems found on opening (an image without a mask, an unknown
    /// format, a missing file) instead of throwing; each is reported through <see cref="SampleSkipped"/>
    /// and listed in <see cref="FileSegmentationDataset.Skipped"/>. Default false.
    /// </summary>
    public bool SkipBadSamples { get; init; }

    /// <summary>Called once per skipped file when <see cref="SkipBadSamples"/> is on.</summary>
    public Action<SkippedSample>? SampleSkipped { get; init; }

    /// <summary>
    /// Called with one line when the reader decides something the files do not say, e.g. the class names it inferred
    /// from the masks' values because the dataset declares none (<see cref="InferredClassNames"/>).
    /// </summary>
    public Action<string>? Warning { get; init; }

    /// <summary>Folder layout: the images' sub-folder. Default "images".</summary>
    public string ImagesFolder { get; init; } = "images";

    /// <summary>Folder layout: the masks' sub-folder. Default "masks".</summary>
    public string MasksFolder { get; init; } = "masks";

    /// <summary>Folder layout: a suffix of mask stems (ISIC's "_segmentation"); default none.</summary>
    public string MaskSuffix { get; init; } = "";
}
