namespace MLSegmentation.Onnx;

/// <summary>How a CoLab segmenter's labels are derived from its C + K channels (context channels C..C+K−1).</summary>
public enum ContextMergeRule
{
    /// <summary>
    /// METHODS.md §1: argmax over all C + K channels, then every context label mapped to background 0. A pixel whose
    /// largest single channel is an ROI class keeps that class even when background and context together outweigh it.
    /// </summary>
    ArgMaxThenMap,

    /// <summary>
    /// Argmax of the merged probabilities (context added into background first): <c>labels</c> is then exactly the
    /// argmax of the exported <c>probabilities</c>.
    /// </summary>
    MergeThenArgMax,
}
