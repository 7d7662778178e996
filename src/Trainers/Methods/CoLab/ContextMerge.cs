namespace MLSegmentation.Trainers.Methods;

/// <summary>
/// How <see cref="CoLabMethod.Predict"/> folds the C + K output channels of a CoLab segmenter into C class scores
/// (channels 0 and C..C+K−1 are background). Both return log-probability scores; their argmax is the label.
/// </summary>
public enum ContextMerge
{
    /// <summary>
    /// METHODS.md §1 and the ONNX exporter's default: background's score is the largest log-probability among
    /// channel 0 and the context channels, so the argmax of the merged scores is the argmax over all C + K channels
    /// with every context label mapped to background. The default.
    /// </summary>
    ArgMaxThenMap,

    /// <summary>Background's score is log(p_0 + Σ p_context), the log of the merged probability; the argmax is then that of the merged probabilities.</summary>
    MergeThenArgMax,
}
