namespace MLSegmentation.Onnx;

/// <summary>A batch shape (count and spatial size) and which outputs are bound: the key of <see cref="BatchBufferPool"/>.</summary>
internal readonly record struct BatchKey(int Count, GridSize Size, bool Probabilities, bool Labels);
