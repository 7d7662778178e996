namespace MLSegmentation.Onnx;

/// <summary>
/// How a CoLab segmenter's C + K output channels (background 0, ROI classes 1..C−1, context C..C+K−1) become C class
/// scores, part of the model's contract: validation, the best-checkpoint choice, the saved model, the ONNX graph and
/// evaluation all use the model's rule, and the label is always the argmax of the merged scores.
/// </summary>
public enum ContextMergeRule
{
    /// <summary>
    /// METHODS.md §1, the default: background's score is the largest of the background and context probabilities, so the
    /// argmax of the merged scores is the argmax over all C + K channels with every context label mapped to background.
    /// The merged scores then do not sum to 1.
    /// </summary>
    ArgMaxThenMap,

    /// <summary>
    /// Background's score is the sum of the background and context probabilities (a distribution over the C classes). A
    /// pixel whose largest single channel is an ROI class becomes background when background and context together outweigh it.
    /// </summary>
    MergeThenArgMax,
}
