using MLSegmentation.Transforms;

namespace MLSegmentation.Onnx;

/// <summary>Writes the outputs of one scored input (labels and, when computed, probabilities); returns the mask file's path.</summary>
internal delegate string? ResultWriter(PreparedImage image, LabelMap labels, Image? probabilities);
