namespace MLSegmentation.Onnx;

/// <summary>A batch shape and which outputs are bound: the key of <see cref="BatchBufferPool"/>.</summary>
internal readonly record struct BatchKey(int Count, int Height, int Width, bool Probabilities, bool Labels);
