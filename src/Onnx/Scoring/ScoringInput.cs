using MLSegmentation.Transforms;

namespace MLSegmentation.Onnx;

/// <summary>An image or volume to score, with its file and, for NIfTI files, its header (the geometry of the outputs).</summary>
internal readonly record struct ScoringInput(Image Image, string? Source, NiftiHeader? Geometry);
