namespace MLSegmentation.Onnx;

/// <summary>What <see cref="SegmenterOnnxExporter"/> needs besides the network: the input's layout and the model's metadata.</summary>
public sealed record SegmenterExportOptions
{
    /// <summary>Channels of the input image (C of [N, C, H, W]).</summary>
    public required long InputChannels { get; init; }

    /// <summary>2 for images ([N, C, H, W]), 3 for volumes ([N, C, D, H, W]).</summary>
    public int SpatialDims { get; init; } = 2;

    /// <summary>
    /// CoLab's context channels K (0 for every other method): the network then returns C + K logit channels, C being the
    /// number of <see cref="OnnxModelMetadata.ClassNames"/>, and the exported graph merges the K context channels into
    /// background, so its outputs have C classes like any other segmenter.
    /// </summary>
    public long ContextChannels { get; init; }

    /// <summary>
    /// The network returns one logit z for a two-class task (binary MaskSup, <c>MaskSupMode.Binary</c>) instead of two:
    /// the graph turns it into the two-class logits [0, z] before the softmax head, so <c>probabilities</c> are
    /// [1 − σ(z), σ(z)] and <c>labels</c> their argmax, the same contract as every other model. Needs two class names
    /// and no context channels.
    /// </summary>
    public bool BinaryLogit { get; init; }

    /// <summary>How the context channels merge into background (only with <see cref="ContextChannels"/> &gt; 0); default <see cref="ContextMergeRule.ArgMaxThenMap"/>.</summary>
    public ContextMergeRule ContextMergeRule { get; init; } = ContextMergeRule.ArgMaxThenMap;

    /// <summary>Class names, normalisation, training size, method and version stored in the model.</summary>
    public required OnnxModelMetadata Metadata { get; init; }

    internal long ClassCount => Metadata.ClassNames.Count;

    internal void Check()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(InputChannels, 1, nameof(InputChannels));
        if (SpatialDims is not (2 or 3)) throw new ArgumentOutOfRangeException(nameof(SpatialDims), SpatialDims, "2 (images) or 3 (volumes)");
        ArgumentOutOfRangeException.ThrowIfNegative(ContextChannels, nameof(ContextChannels));
        ArgumentNullException.ThrowIfNull(Metadata, nameof(Metadata));
        if (Metadata.TrainingSize.Count is not 0 && Metadata.TrainingSize.Count != SpatialDims)
            throw new ArgumentException($"the training size has {Metadata.TrainingSize.Count} entries for {SpatialDims} spatial dimensions");
        if (BinaryLogit && (ClassCount != 2 || ContextChannels != 0))
            throw new ArgumentException($"a one-logit (binary) network exports as two classes without context channels, not {ClassCount} class name(s) and {ContextChannels} context channel(s)");
        _ = Metadata.ToProperties();
    }
}
