namespace MLSegmentation.Onnx;

/// <summary>How a CoLab segmenter's labels are derived from its C + K channels (context channels C..C+K−1).</summary>
public enum ContextMergeRule
{
    /// <summary>
    /// The default: argmax of the merged probabilities (context probabilities added into background first), as the
    /// engine-side <c>SegmentationModel</c> scores; <c>labels</c> is then exactly the argmax of the exported
    /// <c>probabilities</c>.
    /// </summary>
    MergeThenArgMax,

    /// <summary>
    /// The wording of METHODS.md §1: argmax over all C + K channels, then every context label mapped to background 0.
    /// A pixel whose largest single channel is an ROI class keeps that class even when background and context together
    /// outweigh it, so <c>labels</c> can differ from the argmax of <c>probabilities</c>.
    /// </summary>
    ArgMaxThenMap,
}
